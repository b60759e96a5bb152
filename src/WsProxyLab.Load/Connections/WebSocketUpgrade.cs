using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace WsProxyLab.Load.Connections;

/// <summary>
/// The client half of RFC 6455's opening handshake over a stream the caller connected, ending in
/// <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>. <see cref="ClientWebSocket"/> would keep its
/// HTTP connection's 4 KiB read buffer for the life of every upgraded socket; at thousands of held connections that is a
/// third of the generator's memory, so the pool does the 101 itself.
/// </summary>
internal static class WebSocketUpgrade
{
    private const int MaxResponseHeaderBytes = 16 * 1024;
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>
    /// Sends the Upgrade request for <paramref name="uri"/> on <paramref name="stream"/> and returns the WebSocket once the
    /// server answers 101, over <paramref name="wrapStream"/>'s wrapper of the stream when given.
    /// </summary>
    public static async Task<WebSocket> UpgradeAsync(Stream stream, Uri uri, Func<Stream, Stream>? wrapStream, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = string.Create(CultureInfo.InvariantCulture,
            $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

        var buffer = ArrayPool<byte>.Shared.Rent(MaxResponseHeaderBytes);
        try
        {
            var received = 0;
            int headerEnd;
            while ((headerEnd = buffer.AsSpan(0, received).IndexOf(HeaderEnd)) < 0)
            {
                if (received == MaxResponseHeaderBytes)
                {
                    throw new WebSocketException(WebSocketError.HeaderError, $"The server's response headers exceed {MaxResponseHeaderBytes} bytes.");
                }

                var read = await stream.ReadAsync(buffer.AsMemory(received, MaxResponseHeaderBytes - received), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The server closed the connection before it completed the handshake.");
                }

                received += read;
            }

            CheckResponse(Encoding.Latin1.GetString(buffer, 0, headerEnd), key);
            var bodyStart = headerEnd + HeaderEnd.Length;

            // Frames the server sent straight after its 101 arrived with the headers: the WebSocket reads them first.
            Stream webSocketStream = received > bodyStart ? new PrefixedStream(buffer.AsSpan(bodyStart, received - bodyStart).ToArray(), stream) : stream;
            if (wrapStream is not null)
            {
                webSocketStream = wrapStream(webSocketStream);
            }

            return WebSocket.CreateFromStream(webSocketStream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CheckResponse(string head, string key)
    {
        var lines = head.Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw new WebSocketException(WebSocketError.HeaderError, $"The server's response is not HTTP/1.1: '{lines[0]}'.");
        }

        if (code != 101)
        {
            throw new WebSocketException(WebSocketError.NotAWebSocket, $"The server returned status code '{code}' when status code '101' was expected.");
        }

        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToLookup(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (!headers["Upgrade"].Any(value => value.Equals("websocket", StringComparison.OrdinalIgnoreCase)))
        {
            throw new WebSocketException(WebSocketError.HeaderError, "The server's 101 response has no 'Upgrade: websocket' header.");
        }

        if (!headers["Connection"].SelectMany(value => value.Split(',')).Any(token => token.Trim().Equals("Upgrade", StringComparison.OrdinalIgnoreCase)))
        {
            throw new WebSocketException(WebSocketError.HeaderError, "The server's 101 response has no 'Connection: Upgrade' header.");
        }

        var expectedAccept = WebSocketAccept.For(key);
        if (headers["Sec-WebSocket-Accept"].SingleOrDefault() != expectedAccept)
        {
            throw new WebSocketException(WebSocketError.HeaderError, "The server's Sec-WebSocket-Accept does not match the key sent.");
        }

        if (headers["Sec-WebSocket-Extensions"].Any() || headers["Sec-WebSocket-Protocol"].Any())
        {
            throw new WebSocketException(WebSocketError.UnsupportedProtocol, "The server chose an extension or subprotocol the client did not offer.");
        }
    }
}
