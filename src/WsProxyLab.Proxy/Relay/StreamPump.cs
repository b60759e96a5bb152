using System.Buffers;

namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// Copies one direction of a tunnel. It waits with a zero-byte read, so an idle tunnel holds no buffer, and rents a
/// pooled buffer only while bytes are moving. It stamps when its read and write began for the watchdog, which stops the
/// tunnel when one waits too long. Errors are returned as values, never thrown.
/// </summary>
internal static class StreamPump
{
    private const int BufferSize = 16 * 1024;

    /// <summary>
    /// Copies until the source ends or fails, a message goes over the <c>frames</c>-mode limit, or
    /// <paramref name="deadlines"/> stops the tunnel; <paramref name="direction"/> follows the frames and counts what
    /// was delivered.
    /// </summary>
    public static async Task<(PumpOutcome Outcome, Exception? Error)> RunAsync(
        Stream source, Stream destination, RelayDirection direction, TunnelDeadlines deadlines, TimeProvider timeProvider)
    {
        var stop = deadlines.Stop;
        var frames = direction.Frames;
        var gate = direction.WriteGate;
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                int available;
                try
                {
                    direction.ReadingSince = timeProvider.GetTimestamp();
                    await source.ReadAsync(Memory<byte>.Empty, stop).ConfigureAwait(false);
                    buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                    var heldBack = frames.RestoreHeldBack(buffer);
                    var read = await source.ReadAsync(buffer.AsMemory(heldBack), stop).ConfigureAwait(false);
                    available = read == 0 ? 0 : heldBack + read;
                }
                catch (OperationCanceledException)
                {
                    return (PumpOutcome.Canceled, null);
                }
                catch (Exception exception) when (exception is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
                {
                    return (stop.IsCancellationRequested ? PumpOutcome.Canceled : PumpOutcome.SourceFailed, exception);
                }
                finally
                {
                    direction.ReadingSince = RelayDirection.NotWaiting;
                }

                if (available == 0)
                {
                    return (PumpOutcome.SourceClosed, null);
                }

                bool messageTooBig;
                if (gate is not null)
                {
                    await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                }

                try
                {
                    var deliverable = frames.Scan(buffer.AsSpan(0, available), out messageTooBig);
                    if (deliverable > 0)
                    {
                        direction.WritingSince = timeProvider.GetTimestamp();
                        await destination.WriteAsync(buffer.AsMemory(0, deliverable), stop).ConfigureAwait(false);
                        direction.Traffic.AddBytes(deliverable);
                        deadlines.Delivered(timeProvider.GetTimestamp());
                        direction.CheckCloseDelivered();
                    }
                }
                catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
                {
                    // Part of the bytes may have gone out: the frame position in this direction is no longer known.
                    frames.Lose();
                    return (stop.IsCancellationRequested ? PumpOutcome.Canceled : PumpOutcome.DestinationFailed, exception);
                }
                finally
                {
                    direction.WritingSince = RelayDirection.NotWaiting;
                    gate?.Release();
                }

                if (messageTooBig)
                {
                    return (PumpOutcome.MessageTooBig, null);
                }

                ArrayPool<byte>.Shared.Return(buffer);
                buffer = null;
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
