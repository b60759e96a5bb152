using Microsoft.Extensions.Options;
using WsProxyLab.Backends.Diagnostics;
using WsProxyLab.Backends.Hosting;
using WsProxyLab.Backends.WebSockets;

namespace WsProxyLab.Backends.Sink;

/// <summary>
/// <c>/ws/sink</c>: accepts and counts messages (for throughput). The server's answer to the client's close carries the
/// totals in its reason: <c>received N messages, B bytes</c>; the counts are also exported as metrics.
/// </summary>
internal static class SinkEndpoint
{
    public const string Path = "/ws/sink";

    public static Task HandleAsync(HttpContext context, WebSocketEndpoint endpoint, IOptions<BackendOptions> options, BackendMetrics metrics) =>
        endpoint.RunAsync(context, (session, cancellationToken) =>
        {
            long messages = 0;
            long bytes = 0;
            return endpoint.ReadMessagesAsync(
                session,
                options.Value.MaxMessageBytes,
                reader =>
                {
                    messages++;
                    bytes += reader.Message.Length;
                    metrics.MessageReceived(Path, reader.Message.Length);
                    return ValueTask.FromResult(true);
                },
                cancellationToken,
                closeReply: () => $"received {messages} messages, {bytes} bytes");
        });
}
