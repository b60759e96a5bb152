using System.Net.WebSockets;
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
        endpoint.RunAsync(context, async (session, cancellationToken) =>
        {
            using var reader = new WebSocketMessageReader(session.Socket, options.Value.MaxMessageBytes);
            long messages = 0;
            long bytes = 0;
            while (true)
            {
                switch (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    case MessageReadOutcome.Close:
                        await session.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, $"received {messages} messages, {bytes} bytes", cancellationToken)
                            .ConfigureAwait(false);
                        return;
                    case MessageReadOutcome.TooBig:
                        await endpoint.CloseAsync(session, WebSocketCloseStatus.MessageTooBig, $"message exceeds {reader.MaxMessageBytes} bytes", cancellationToken)
                            .ConfigureAwait(false);
                        return;
                    default:
                        messages++;
                        bytes += reader.Message.Length;
                        metrics.MessageReceived(Path, reader.Message.Length);
                        break;
                }
            }
        });
}
