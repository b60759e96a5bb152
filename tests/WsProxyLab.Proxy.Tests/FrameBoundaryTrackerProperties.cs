using CsCheck;
using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Tests;

/// <summary>
/// Properties of the frame follower over generated frame streams, each split into reads at random (down to one byte
/// at a time): the boundaries, message counts and size-limit stops are the split's business not at all; and no byte
/// sequence makes it throw or allocate.
/// </summary>
public sealed class FrameBoundaryTrackerProperties
{
    /// <summary>The pump's buffer, with room for a header held back in front of a full read.</summary>
    private const int PumpBufferBytes = (16 * 1024) + 14;

    /// <summary>Created once, so the allocation property measures the tracker, not a delegate.</summary>
    private static readonly Action<int, ReadOnlySpan<byte>> IgnoreWrites = static (_, _) => { };

    [Fact]
    public void TunnelMode_AnySplitOfAValidStream_SeesTheSameFrameBoundaries_ClosesAndPongs() =>
        Gen.Select(GeneratedFrame.Any.Array[1, 12], GeneratedFrame.ReadSizes).Sample((frames, readSizes) =>
        {
            var (stream, boundaries) = Concatenate(frames);
            var tracker = new FrameBoundaryTracker();
            var offset = 0;
            for (var read = 0; offset < stream.Length; read++)
            {
                var size = Math.Min(readSizes[read % readSizes.Length], stream.Length - offset);
                Assert.Equal(size, tracker.Scan(stream.AsSpan(offset, size), out var messageTooBig));
                Assert.False(messageTooBig);
                offset += size;
                Assert.Equal(boundaries.Contains(offset), tracker.AtBoundary);
            }

            Assert.Equal(frames.Any(frame => frame.Opcode == 0x8), tracker.CloseSeen);
            Assert.Equal(frames.Count(frame => frame.Opcode == 0xA), tracker.Pongs);
        }, iter: 300);

    [Fact]
    public void FramesMode_AnySplit_DeliversTheStreamUnchanged_NeverEndingAWriteInsideAHeader_AndCountsEveryMessage() =>
        Gen.Select(GeneratedFrame.Any.Array[1, 12], GeneratedFrame.ReadSizes).Sample((frames, readSizes) =>
        {
            var (stream, _) = Concatenate(frames);
            var messages = new DirectionTraffic();
            var (delivered, messageTooBig) = Pump(new FrameBoundaryTracker(messages, maxMessageBytes: 0), stream, readSizes, (offset, bytes) =>
            {
                Assert.True(bytes.SequenceEqual(stream.AsSpan(offset, bytes.Length)), "the bytes delivered are the stream's, in order");
                Assert.False(InsideAHeader(frames, offset + bytes.Length), $"a write ends inside a header at {offset + bytes.Length}");
            });

            Assert.False(messageTooBig);
            Assert.Equal(stream.Length, delivered);
            Assert.Equal(frames.Count(frame => frame.EndsAMessage), messages.Messages);
        }, iter: 300);

    [Fact]
    public void FramesMode_AnySplit_StopsAtTheHeaderOfTheFirstMessageOverTheLimit() =>
        Gen.Select(GeneratedFrame.Any.Array[1, 12], GeneratedFrame.ReadSizes, Gen.Int[1, 2000]).Sample((frames, readSizes, limit) =>
        {
            var (stream, _) = Concatenate(frames);
            var expectedStop = FirstFrameOverTheLimit(frames, limit);

            var (delivered, messageTooBig) = Pump(new FrameBoundaryTracker(new DirectionTraffic(), limit), stream, readSizes, IgnoreWrites);

            Assert.Equal(expectedStop is not null, messageTooBig);
            Assert.Equal(expectedStop ?? stream.Length, delivered);
        }, iter: 300);

    [Fact]
    public void AnyBytesAtAll_NeverThrow_NorAllocate_InEitherMode() =>
        Gen.Select(Gen.Byte.Array[0, 4000], GeneratedFrame.ReadSizes, Gen.Bool).Sample((bytes, readSizes, framesMode) =>
        {
            var tracker = framesMode ? new FrameBoundaryTracker(new DirectionTraffic(), maxMessageBytes: 100) : new FrameBoundaryTracker();
            var buffer = new byte[PumpBufferBytes];
            var before = GC.GetAllocatedBytesForCurrentThread();

            var (delivered, _) = Pump(tracker, bytes, readSizes, IgnoreWrites, buffer);

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            Assert.InRange(delivered, 0, bytes.Length);
        }, iter: 1000);

    /// <summary>Runs <paramref name="tracker"/> the way <c>StreamPump</c> does, telling <paramref name="onWrite"/> the offset and bytes of each write; returns the bytes delivered and whether it stopped at a message over the limit.</summary>
    private static (int Delivered, bool MessageTooBig) Pump(
        FrameBoundaryTracker tracker, byte[] stream, int[] readSizes, Action<int, ReadOnlySpan<byte>> onWrite, byte[]? buffer = null)
    {
        buffer ??= new byte[PumpBufferBytes];
        var position = 0;
        var delivered = 0;
        for (var read = 0; position < stream.Length; read++)
        {
            var heldBack = tracker.RestoreHeldBack(buffer);
            var size = Math.Min(Math.Min(readSizes[read % readSizes.Length], buffer.Length - heldBack), stream.Length - position);
            stream.AsSpan(position, size).CopyTo(buffer.AsSpan(heldBack));
            position += size;
            var deliverable = tracker.Scan(buffer.AsSpan(0, heldBack + size), out var messageTooBig);
            if (deliverable > 0)
            {
                onWrite(delivered, buffer.AsSpan(0, deliverable));
                delivered += deliverable;
            }

            if (messageTooBig)
            {
                return (delivered, true);
            }
        }

        return (delivered, false);
    }

    private static (byte[] Stream, HashSet<int> Boundaries) Concatenate(GeneratedFrame[] frames)
    {
        var boundaries = new HashSet<int> { 0 };
        var stream = new List<byte>();
        foreach (var frame in frames)
        {
            stream.AddRange(frame.ToBytes());
            boundaries.Add(stream.Count);
        }

        return ([.. stream], boundaries);
    }

    private static bool InsideAHeader(GeneratedFrame[] frames, int offset)
    {
        var start = 0;
        foreach (var frame in frames)
        {
            if (offset > start && offset < start + frame.HeaderLength)
            {
                return true;
            }

            start += frame.Length;
        }

        return false;
    }

    /// <summary>The model of the limit: where the frame starts that takes its message over <paramref name="limit"/>, if one does.</summary>
    private static int? FirstFrameOverTheLimit(GeneratedFrame[] frames, int limit)
    {
        var start = 0;
        long messageBytes = 0;
        foreach (var frame in frames)
        {
            if (frame.Opcode < 0x8)
            {
                messageBytes = frame.Opcode == 0 ? messageBytes + frame.PayloadLength : frame.PayloadLength;
                if (messageBytes > limit)
                {
                    return start;
                }
            }

            start += frame.Length;
        }

        return null;
    }
}
