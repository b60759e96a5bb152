using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace WsProxyLab.Load.Tests;

/// <summary>The server side of a WebSocket handshake written byte by byte, for what Kestrel will not do (wrong accept values, frames chosen by hand).</summary>
internal static class HandWrittenServer
{
    /// <summary>A 101 with <paramref name="accept"/> as its Sec-WebSocket-Accept.</summary>
    public static string SwitchingProtocols(string accept) =>
        $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n";

    /// <summary>Accepts one connection, reads its handshake request, and returns the connection with the accept value its key calls for; nothing is answered yet.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 6455's accept value is SHA-1 by definition.")]
    public static async Task<(TcpClient Client, string Accept)> AcceptHandshakeAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var client = await listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        var request = new StringBuilder();
        var buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.NotEqual(0, read);
            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var key = request.ToString().Split("\r\n").Single(line => line.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))["Sec-WebSocket-Key:".Length..].Trim();
        return (client, Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))));
    }

    /// <summary>Holds the connection open until the client goes: a close before then could race the client's last read.</summary>
    public static async Task HoldUntilTheClientGoesAsync(NetworkStream stream, CancellationToken cancellationToken) =>
        await stream.ReadAtLeastAsync(new byte[256], 1, throwOnEndOfStream: false, cancellationToken);
}
