using WsProxyLab.Proxy.Forwarding;
using WsProxyLab.Proxy.Relay;
using WsProxyLab.Proxy.Tests;

namespace WsProxyLab.Fuzz;

/// <summary>
/// What AFL feeds: the first byte picks how the rest is split into reads (1 to 256 bytes each), the rest is the input.
/// Only the documented outcomes are allowed; anything else escapes as an exception and AFL records a crash.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>The frame follower in both modes, run the way the pump runs it.</summary>
    public static void Frames(Stream input)
    {
        var (readSize, bytes) = Split(input);
        foreach (var tracker in new[] { new FrameBoundaryTracker(), new FrameBoundaryTracker(new DirectionTraffic(), maxMessageBytes: 100) })
        {
            var buffer = new byte[(16 * 1024) + 14];
            var delivered = 0;
            for (var position = 0; position < bytes.Length;)
            {
                var heldBack = tracker.RestoreHeldBack(buffer);
                var size = Math.Min(readSize, bytes.Length - position);
                bytes.AsSpan(position, size).CopyTo(buffer.AsSpan(heldBack));
                position += size;
                var deliverable = tracker.Scan(buffer.AsSpan(0, heldBack + size), out var messageTooBig);
                if (deliverable < 0 || deliverable > heldBack + size)
                {
                    throw new InvalidOperationException($"Scan returned {deliverable} of {heldBack + size} bytes");
                }

                delivered += deliverable;
                if (messageTooBig)
                {
                    break;
                }
            }

            if (delivered > bytes.Length)
            {
                throw new InvalidOperationException($"delivered {delivered} of {bytes.Length} bytes");
            }
        }
    }

    /// <summary>The upstream head parser: a head, or <see cref="InvalidDataException"/>.</summary>
    public static void Head(Stream input)
    {
        var (readSize, bytes) = Split(input);
        try
        {
            var head = UpstreamResponseHead.ReadAsync(new SplitReadStream(bytes, [readSize]), 1024, CancellationToken.None).GetAwaiter().GetResult();
            if (head.StatusCode is < 100 or > 599)
            {
                throw new InvalidOperationException($"status {head.StatusCode} accepted");
            }
        }
        catch (InvalidDataException)
        {
            // The documented refusal.
        }
    }

    private static (int ReadSize, byte[] Bytes) Split(Stream input)
    {
        using var memory = new MemoryStream();
        input.CopyTo(memory);
        var all = memory.ToArray();
        return all.Length == 0 ? (1, []) : (all[0] + 1, all[1..]);
    }
}
