using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using WsProxyLab.Backends.Diagnostics;
using WsProxyLab.Backends.Hosting;
using WsProxyLab.Backends.WebSockets;

namespace WsProxyLab.Backends.Source;

/// <summary>
/// <c>/ws/source?rate=N&amp;size=B[&amp;count=C]</c>: pushes text messages at a fixed rate, each
/// <c>{"seq":n,"ts":µs,"pad":"…"}</c> exactly B bytes long, stamped at the moment of sending (for push latency).
/// After <c>count</c> messages it closes with 1000.
/// </summary>
internal static class SourceEndpoint
{
    public const string Path = "/ws/source";

    public static Task HandleAsync(
        HttpContext context, WebSocketEndpoint endpoint, TimeProvider timeProvider, IOptions<BackendOptions> options, BackendMetrics metrics)
    {
        var request = context.Request;
        if (!QueryParameters.TryGetInt(request, "rate", 1, 100_000, 10, out var rate, out var error)
            || !QueryParameters.TryGetInt(request, "size", SourceMessage.MinimumSize, 1024 * 1024, SourceMessage.MinimumSize, out var size, out error)
            || !QueryParameters.TryGetOptionalInt(request, "count", 1, int.MaxValue, out var count, out error))
        {
            return endpoint.RejectAsync(context, error!);
        }

        return endpoint.RunAsync(context, async (session, cancellationToken) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var drain = DrainUntilCloseAsync(session, stop);
            var sent = await SendAtRateAsync(session, rate, size, count, timeProvider, metrics, stop.Token, cancellationToken).ConfigureAwait(false);
            if (count is not null && sent == count)
            {
                await session.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, $"sent {sent} messages", cancellationToken).ConfigureAwait(false);
                try
                {
                    await drain.WaitAsync(options.Value.CloseTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    session.Socket.Abort();
                }
            }

            await drain.ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Sends until <paramref name="stopToken"/> (the client closed) or the count. A send in progress is never cancelled
    /// by the stop token: cancelling a WebSocket send aborts the socket and would destroy the close handshake.
    /// </summary>
    private static async Task<long> SendAtRateAsync(
        WebSocketSession session, int rate, int size, int? count, TimeProvider timeProvider, BackendMetrics metrics, CancellationToken stopToken, CancellationToken abortToken)
    {
        using var message = new SourceMessage(size);
        var started = timeProvider.GetTimestamp();
        long sent = 0;
        try
        {
            while ((count is null || sent < count) && !stopToken.IsCancellationRequested)
            {
                // Messages due by now (the first at once); a late tick sends the backlog so the average rate holds.
                var due = (long)(timeProvider.GetElapsedTime(started).TotalSeconds * rate) + 1;
                while (sent < due && (count is null || sent < count) && !stopToken.IsCancellationRequested)
                {
                    var payload = message.Write(sent + 1, UnixTime.Microseconds(timeProvider.GetUtcNow()));
                    if (!await session.SendAsync(payload, WebSocketMessageType.Text, abortToken).ConfigureAwait(false))
                    {
                        return sent;
                    }

                    sent++;
                    metrics.MessageSent(Path);
                }

                var nextDue = TimeSpan.FromSeconds((double)sent / rate) - timeProvider.GetElapsedTime(started);
                if (nextDue > TimeSpan.Zero)
                {
                    await Task.Delay(nextDue, timeProvider, stopToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopToken.IsCancellationRequested)
        {
            // The client closed or went away: the drain loop owns the rest of the close handshake.
        }

        return sent;
    }

    private static async Task DrainUntilCloseAsync(WebSocketSession session, CancellationTokenSource stopSending)
    {
        var scratch = new byte[1024];
        try
        {
            while (session.Socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await session.Socket.ReceiveAsync(scratch.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await stopSending.CancelAsync().ConfigureAwait(false);
                    await session.AcknowledgeCloseAsync(CancellationToken.None).ConfigureAwait(false);
                    return;
                }
            }
        }
        finally
        {
            await stopSending.CancelAsync().ConfigureAwait(false);
        }
    }
}
