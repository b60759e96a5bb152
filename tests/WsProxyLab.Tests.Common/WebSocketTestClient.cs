using System.Net.WebSockets;
using System.Text;

namespace WsProxyLab.Tests.Common;

/// <summary>Connects <see cref="ClientWebSocket"/>s with handshake details collected, and reads whole messages.</summary>
public static class WebSocketTestClient
{
    /// <summary>Connects, keeping the 101 response's headers (for <c>X-Backend-Instance</c>).</summary>
    public static async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken cancellationToken, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(socket.Options);
        await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        return socket;
    }

    /// <summary>The value of a header of the handshake response.</summary>
    public static string? ResponseHeader(this ClientWebSocket socket, string name) =>
        socket.HttpResponseHeaders is { } headers && headers.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>Sends a whole text message.</summary>
    public static Task SendTextAsync(this WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Reads one whole message; a close frame yields its type with an empty payload.</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveMessageAsync(this WebSocket socket, CancellationToken cancellationToken)
    {
        using var payload = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, []);
            }

            payload.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, payload.ToArray());
            }
        }
    }

    /// <summary>Reads one whole text message, failing if something else arrives.</summary>
    public static async Task<string> ReceiveTextAsync(this WebSocket socket, CancellationToken cancellationToken)
    {
        var (type, payload) = await socket.ReceiveMessageAsync(cancellationToken).ConfigureAwait(false);
        return type == WebSocketMessageType.Text
            ? Encoding.UTF8.GetString(payload)
            : throw new InvalidOperationException($"Expected a text message, got {type} (close status {socket.CloseStatus} '{socket.CloseStatusDescription}').");
    }

    /// <summary>Reads and discards messages until the server's close arrives; returns its status and reason.</summary>
    public static async Task<(WebSocketCloseStatus? Status, string? Reason)> ReceiveCloseAsync(this WebSocket socket, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (type, _) = await socket.ReceiveMessageAsync(cancellationToken).ConfigureAwait(false);
            if (type == WebSocketMessageType.Close)
            {
                return (socket.CloseStatus, socket.CloseStatusDescription);
            }
        }
    }
}
