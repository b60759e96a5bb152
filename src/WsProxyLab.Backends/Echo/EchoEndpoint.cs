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
        endpoint.RunAsync(context, (session, cancellationToken) => endpoint.ReadMessagesAsync(
            session,
            options.Value.MaxMessageBytes,
            async reader =>
            {
                metrics.MessageReceived(Path, reader.Message.Length);
                if (!await session.SendAsync(reader.Message, reader.MessageType, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                metrics.MessageSent(Path);
                return true;
            },
            cancellationToken));
}
