using System.Buffers;

namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// Copies one direction of a tunnel. It waits with a zero-byte read, so an idle tunnel holds no buffer, and rents a
/// pooled buffer only while bytes are moving. Errors are returned as values, never thrown.
/// </summary>
internal static class StreamPump
{
    private const int BufferSize = 16 * 1024;

    /// <summary>
    /// Copies until the source ends, fails, stays silent past <paramref name="readTimeout"/>, or the token is cancelled;
    /// <paramref name="frames"/> follows and <paramref name="delivered"/> counts what was delivered.
    /// </summary>
    public static async Task<(PumpOutcome Outcome, Exception? Error)> RunAsync(
        Stream source, Stream destination, FrameBoundaryTracker frames, ByteCounter delivered, TimeSpan? readTimeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        // One timer per pump, re-armed after every read: the read timeout counts silence, not session age.
        using var timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var link = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout);
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                if (readTimeout is { } limit)
                {
                    timeout.CancelAfter(limit);
                }

                int read;
                try
                {
                    await source.ReadAsync(Memory<byte>.Empty, timeout.Token).ConfigureAwait(false);
                    buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                    read = await source.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return (cancellationToken.IsCancellationRequested ? PumpOutcome.Canceled : PumpOutcome.ReadTimeout, null);
                }
                catch (Exception exception) when (exception is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
                {
                    return (cancellationToken.IsCancellationRequested ? PumpOutcome.Canceled : PumpOutcome.SourceFailed, exception);
                }

                if (read == 0)
                {
                    return (PumpOutcome.SourceClosed, null);
                }

                try
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
                {
                    // Part of the bytes may have gone out: the frame position in this direction is no longer known.
                    frames.Lose();
                    return (cancellationToken.IsCancellationRequested ? PumpOutcome.Canceled : PumpOutcome.DestinationFailed, exception);
                }

                frames.Observe(buffer.AsSpan(0, read));
                delivered.Add(read);
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
