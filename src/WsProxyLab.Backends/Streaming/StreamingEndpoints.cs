using System.Text;
using WsProxyLab.Backends.Diagnostics;
using WsProxyLab.Backends.Hosting;
using WsProxyLab.Backends.WebSockets;

namespace WsProxyLab.Backends.Streaming;

/// <summary>
/// Streamed HTTP responses that show what proxy buffering does to latency: one timestamped event per interval,
/// flushed at once. <c>/stream/sse?interval=ms[&amp;count=N]</c> as Server-Sent Events,
/// <c>/stream/chunked?interval=ms[&amp;count=N]</c> as lines in a chunked response. Both carry <c>{"seq":n,"ts":µs}</c>.
/// </summary>
internal static class StreamingEndpoints
{
    public const string SsePath = "/stream/sse";
    public const string ChunkedPath = "/stream/chunked";

    public static Task SseAsync(HttpContext context, WebSocketEndpoint endpoint, TimeProvider timeProvider, IHostApplicationLifetime lifetime) =>
        StreamAsync(context, endpoint, timeProvider, lifetime, "text/event-stream",
            (seq, ts) => $"id: {seq}\nevent: tick\ndata: {{\"seq\":{seq},\"ts\":{ts}}}\n\n");

    public static Task ChunkedAsync(HttpContext context, WebSocketEndpoint endpoint, TimeProvider timeProvider, IHostApplicationLifetime lifetime) =>
        StreamAsync(context, endpoint, timeProvider, lifetime, "application/x-ndjson",
            (seq, ts) => $"{{\"seq\":{seq},\"ts\":{ts}}}\n");

    private static async Task StreamAsync(
        HttpContext context, WebSocketEndpoint endpoint, TimeProvider timeProvider, IHostApplicationLifetime lifetime, string contentType, Func<long, long, string> format)
    {
        if (!QueryParameters.TryGetInt(context.Request, "interval", 1, 60_000, 1000, out var interval, out var error)
            || !QueryParameters.TryGetOptionalInt(context.Request, "count", 1, int.MaxValue, out var count, out error))
        {
            await endpoint.RejectAsync(context, error!).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(interval), timeProvider);
        try
        {
            for (long seq = 1; count is null || seq <= count; seq++)
            {
                var line = format(seq, UnixTime.Microseconds(timeProvider.GetUtcNow()));
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), stop.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                if ((count is null || seq < count) && !await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Client gone or server stopping: the response simply ends.
        }
    }
}
