namespace WsProxyLab.Backends.WebSockets;

/// <summary>Explains, in the words of a proxy troubleshooting list, why a request is not a valid WebSocket handshake.</summary>
public static class HandshakeDiagnosis
{
    /// <summary>The reason a request that ASP.NET Core does not accept as a WebSocket request was refused.</summary>
    public static string Explain(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        if (HttpMethods.IsConnect(request.Method))
        {
            return "extended CONNECT without ':protocol websocket' (RFC 8441)";
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            return $"WebSocket handshake requires GET, got {request.Method}";
        }

        if (!HasToken(request.Headers.Upgrade, "websocket"))
        {
            return "missing 'Upgrade: websocket' header (a proxy that does not forward Upgrade causes this)";
        }

        if (!HasToken(request.Headers.Connection, "upgrade"))
        {
            return "missing 'Connection: Upgrade' header (a proxy that does not forward Connection causes this)";
        }

        var version = request.Headers.SecWebSocketVersion.ToString();
        if (version != "13")
        {
            return version.Length == 0
                ? "missing Sec-WebSocket-Version header; expected 13"
                : $"unsupported Sec-WebSocket-Version '{version}'; expected 13";
        }

        return "missing or invalid Sec-WebSocket-Key header (must be 16 bytes, base64-encoded)";
    }

    private static bool HasToken(Microsoft.Extensions.Primitives.StringValues values, string token) =>
        values.Any(value => value is not null && value.Split(',').Any(part => part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase)));
}
