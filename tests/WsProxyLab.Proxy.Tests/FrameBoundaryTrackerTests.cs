using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Tests;

public sealed class FrameBoundaryTrackerTests
{
    [Fact]
    public void FramesSplitAtEveryByte_AreFollowedToTheirBoundaries()
    {
        var tracker = new FrameBoundaryTracker();
        byte[] text = [0x81, 0x03, (byte)'a', (byte)'b', (byte)'c'];
        byte[] masked126 = [0x82, 0x80 | 126, 0x01, 0x00, 1, 2, 3, 4, .. new byte[256]];

        foreach (var b in text.Concat(masked126))
        {
            Scan(tracker, [b]);
        }

        Assert.True(tracker.AtBoundary);
        Assert.False(tracker.CloseSeen);
        Scan(tracker, masked126.AsSpan(0, 10));
        Assert.False(tracker.AtBoundary);
    }

    [Fact]
    public void SixtyFourBitLength_IsSkippedWithoutReadingIt()
    {
        var tracker = new FrameBoundaryTracker();

        Scan(tracker, [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
        Assert.False(tracker.AtBoundary);
        Scan(tracker, new byte[65536]);

        Assert.True(tracker.AtBoundary);
    }

    [Fact]
    public void CloseFrame_IsSeen()
    {
        var tracker = new FrameBoundaryTracker();

        Scan(tracker, CloseFrame.Build(1000, "bye", masked: true));

        Assert.True(tracker.CloseSeen);
        Assert.True(tracker.AtBoundary);
    }

    [Fact]
    public void LostPosition_IsNeverABoundaryAgain()
    {
        var tracker = new FrameBoundaryTracker();

        tracker.Lose();
        Scan(tracker, [0x81, 0x00]);

        Assert.False(tracker.AtBoundary);
    }

    [Fact]
    public void FramesMode_HoldsBackASplitHeader_UntilItIsWhole()
    {
        var traffic = new DirectionTraffic();
        var tracker = new FrameBoundaryTracker(traffic, maxMessageBytes: 0);
        byte[] first = [0x81, 0x02, (byte)'h', (byte)'i', 0x82, 0xFE];
        var buffer = new byte[64];

        first.CopyTo(buffer, 0);
        var deliverable = tracker.Scan(buffer.AsSpan(0, first.Length), out _);

        Assert.Equal(4, deliverable);
        Assert.True(tracker.AtBoundary);
        var heldBack = tracker.RestoreHeldBack(buffer);
        Assert.Equal(2, heldBack);
        Assert.Equal([0x82, 0xFE], buffer[..2]);
        byte[] rest = [0x00, 0x03, 0, 0, 0, 0, 1, 2, 3];
        rest.CopyTo(buffer, heldBack);
        Assert.Equal(heldBack + rest.Length, tracker.Scan(buffer.AsSpan(0, heldBack + rest.Length), out _));
        Assert.True(tracker.AtBoundary);
        Assert.Equal(2, traffic.Messages);
    }

    [Fact]
    public void FramesMode_CountsAFragmentedMessageOnce_AndControlFramesNever()
    {
        var traffic = new DirectionTraffic();
        var tracker = new FrameBoundaryTracker(traffic, maxMessageBytes: 0);

        Scan(tracker, [0x01, 0x01, (byte)'a', 0x89, 0x00, 0x00, 0x01, (byte)'b', 0x80, 0x01, (byte)'c', 0x8A, 0x00]);

        Assert.Equal(1, traffic.Messages);
        Assert.Equal(1, tracker.Pongs);
    }

    [Fact]
    public void FramesMode_StopsAtTheHeaderOfAFrameThatTakesItsMessageOverTheLimit()
    {
        var traffic = new DirectionTraffic();
        var tracker = new FrameBoundaryTracker(traffic, maxMessageBytes: 4);
        byte[] data = [0x01, 0x03, 1, 2, 3, 0x00, 0x01, 4, 0x80, 0x01, 5];

        var deliverable = tracker.Scan(data, out var tooBig);

        // The first frame (3 bytes) fits, its continuation brings the message to 4, still within; the final frame makes 5.
        Assert.True(tooBig);
        Assert.Equal(8, deliverable);
        Assert.True(tracker.AtBoundary);
        Assert.Equal(0, traffic.Messages);
    }

    [Fact]
    public void TunnelMode_DeliversEverythingAtOnce_EvenASplitHeader()
    {
        var tracker = new FrameBoundaryTracker();

        Assert.Equal(4, tracker.Scan([0x81, 0x01, (byte)'a', 0x82], out _));
        Assert.False(tracker.AtBoundary);
        Assert.Equal(0, tracker.RestoreHeldBack(new byte[16]));
    }

    private static void Scan(FrameBoundaryTracker tracker, ReadOnlySpan<byte> data)
    {
        var deliverable = tracker.Scan(data, out var tooBig);
        Assert.False(tooBig);
        Assert.Equal(data.Length, deliverable);
    }

    [Fact]
    public void CloseFrameReason_IsCutTo123BytesWithoutSplittingACharacter()
    {
        var frame = CloseFrame.Build(1001, new string('é', 100), masked: false);

        Assert.Equal(0x88, frame[0]);
        Assert.Equal(2 + 122, frame[1]);
        Assert.Equal(2 + 2 + 122, frame.Length);
    }
}
