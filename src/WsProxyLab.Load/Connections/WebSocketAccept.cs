using System.Security.Cryptography;
using System.Text;

namespace WsProxyLab.Load.Connections;

/// <summary>RFC 6455's <c>Sec-WebSocket-Accept</c>: what a server must answer to a client's key.</summary>
public static class WebSocketAccept
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>The accept value for <paramref name="key"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 6455 defines Sec-WebSocket-Accept with SHA-1; it proves the server read the key, it protects nothing.")]
    public static string For(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
}
