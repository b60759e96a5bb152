namespace WsProxyLab.Proxy.Forwarding;

/// <summary>
/// Checks an HTTP/1.1 WebSocket handshake (RFC 6455 §4.2.1) before any upstream is contacted, so a malformed one costs
/// no upstream connection and gets its reason from the proxy.
/// </summary>
internal static class ClientHandshakeCheck
{
    /// <summary>The status and reason to refuse the request with, or null when the handshake is well formed.</summary>
    public static (int StatusCode, string Reason)? Refusal(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method))
        {
            return (StatusCodes.Status400BadRequest, $"WebSocket handshake requires GET, got {request.Method}");
        }

        // RFC 6455 §4.2.1 asks for HTTP/1.1 or later; nginx and HAProxy pass an HTTP/1.0 upgrade on to the upstream.
        if (HttpProtocol.IsHttp10(request.Protocol) || HttpProtocol.IsHttp09(request.Protocol))
        {
            return (StatusCodes.Status400BadRequest, $"WebSocket handshake requires HTTP/1.1 or later, got {request.Protocol}");
        }

        var version = request.Headers.SecWebSocketVersion.ToString();
        if (version != "13")
        {
            // 426 with the version the relay speaks, as §4.2.2 asks of a server that does not understand the client's.
            return (StatusCodes.Status426UpgradeRequired, version.Length == 0
                ? "missing Sec-WebSocket-Version header; expected 13"
                : $"unsupported Sec-WebSocket-Version '{version}'; expected 13");
        }

        var key = request.Headers.SecWebSocketKey.ToString();
        if (key.Length == 0)
        {
            return (StatusCodes.Status400BadRequest, "missing Sec-WebSocket-Key header");
        }

        Span<byte> nonce = stackalloc byte[18];
        return Convert.TryFromBase64String(key, nonce, out var length) && length == 16
            ? null
            : (StatusCodes.Status400BadRequest, $"invalid Sec-WebSocket-Key '{key}' (must be 16 bytes, base64-encoded)");
    }
}
