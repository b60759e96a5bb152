using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using WsProxyLab.Backends.Diagnostics;
using WsProxyLab.Backends.Hosting;
using WsProxyLab.Backends.WebSockets;

namespace WsProxyLab.Backends.Echo;

/// <summary><c>/ws/echo</c>: every text and binary message back unchanged; oversize closes with 1009.</summary>
internal static class EchoEndpoint
{
    public const string Path = "/ws/echo";

    public static Task HandleAsync(HttpContext context, WebSocketEndpoint endpoint, IOptions<BackendOptions> options, BackendMetrics metrics) =>
        endpoint.RunAsync(context, async (session, cancellationToken) =>
        {
            using var reader = new WebSocketMessageReader(session.Socket, options.Value.MaxMessageBytes);
            while (true)
            {
                switch (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    case MessageReadOutcome.Close:
                        await session.AcknowledgeCloseAsync(cancellationToken).ConfigureAwait(false);
                        return;
                    case MessageReadOutcome.TooBig:
                        await endpoint.CloseAsync(session, WebSocketCloseStatus.MessageTooBig,
                            $"message exceeds {reader.MaxMessageBytes} bytes", cancellationToken).ConfigureAwait(false);
                        return;
                    default:
                        metrics.MessageReceived(Path, reader.Message.Length);
                        if (!await session.SendAsync(reader.Message, reader.MessageType, cancellationToken).ConfigureAwait(false))
                        {
                            return;
                        }

                        metrics.MessageSent(Path);
                        break;
                }
            }
        });
}
