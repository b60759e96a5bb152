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
    /// Copies until the source ends or fails, stays silent past <paramref name="readTimeout"/>, a write stalls past
    /// <paramref name="sendTimeout"/>, the tunnel is idle past <paramref name="idle"/>'s timeout, a message goes over
    /// the <c>frames</c>-mode limit, or the token is cancelled; <paramref name="direction"/> follows the frames and counts
    /// what was delivered.
    /// </summary>
    public static async Task<(PumpOutcome Outcome, Exception? Error)> RunAsync(
        Stream source,
        Stream destination,
        RelayDirection direction,
        TimeSpan? readTimeout,
        TimeSpan sendTimeout,
        IdleWatch? idle,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        // One read timer and one send timer per pump, armed only around their own operation: each counts one kind of stall.
        using var readTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var sendTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var stopReading = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), readTimer);
        using var stopSending = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), sendTimer);
        using var idleFired = idle?.Token.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), readTimer);
        var frames = direction.Frames;
        var gate = direction.WriteGate;
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                if (readTimeout is { } limit)
                {
                    readTimer.CancelAfter(limit);
                }

                int available;
                try
                {
                    await source.ReadAsync(Memory<byte>.Empty, readTimer.Token).ConfigureAwait(false);
                    buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                    var heldBack = frames.RestoreHeldBack(buffer);
                    var read = await source.ReadAsync(buffer.AsMemory(heldBack), readTimer.Token).ConfigureAwait(false);
                    available = read == 0 ? 0 : heldBack + read;
                }
                catch (OperationCanceledException)
                {
                    return (cancellationToken.IsCancellationRequested ? PumpOutcome.Canceled
                        : idle?.Token.IsCancellationRequested == true ? PumpOutcome.IdleTimeout
                        : PumpOutcome.ReadTimeout, null);
                }
                catch (Exception exception) when (exception is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
                {
                    return (cancellationToken.IsCancellationRequested ? PumpOutcome.Canceled : PumpOutcome.SourceFailed, exception);
                }

                readTimer.CancelAfter(Timeout.InfiniteTimeSpan);
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
                        sendTimer.CancelAfter(sendTimeout);
                        await destination.WriteAsync(buffer.AsMemory(0, deliverable), sendTimer.Token).ConfigureAwait(false);
                        sendTimer.CancelAfter(Timeout.InfiniteTimeSpan);
                        direction.Traffic.AddBytes(deliverable);
                    }
                }
                catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
                {
                    // Part of the bytes may have gone out: the frame position in this direction is no longer known.
                    frames.Lose();
                    return (cancellationToken.IsCancellationRequested ? PumpOutcome.Canceled
                        : sendTimer.IsCancellationRequested ? PumpOutcome.SendTimeout
                        : PumpOutcome.DestinationFailed, exception);
                }
                finally
                {
                    gate?.Release();
                }

                if (messageTooBig)
                {
                    return (PumpOutcome.MessageTooBig, null);
                }

                idle?.Touch();
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
