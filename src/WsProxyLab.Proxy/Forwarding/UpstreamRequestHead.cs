using System.Text;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>
/// The HTTP/1.1 Upgrade request sent to the upstream: the client's end-to-end headers unchanged (Sec-WebSocket-* pass
/// through untouched), hop-by-hop headers replaced by the proxy's own <c>Connection: Upgrade</c> and <c>Upgrade</c>,
/// and <c>X-Forwarded-For/Proto/Host</c> added.
/// </summary>
internal static class UpstreamRequestHead
{
    /// <summary>The upgrade request; <paramref name="addKey"/> adds a Sec-WebSocket-Key for a client that had none (HTTP/2 extended CONNECT).</summary>
    public static byte[] Build(HttpRequest request, string upgradeProtocol, bool addKey = false)
    {
        var connection = request.Headers.Connection;
        var head = new StringBuilder(512)
            .Append("GET ").Append(request.PathBase).Append(request.Path).Append(request.QueryString).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(request.Host.Value).Append("\r\n");
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith(':')
                || name.Equals("Host", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
                || HopByHopHeaders.IsHopByHop(name, connection))
            {
                continue;
            }

            foreach (var value in values)
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        var clientAddress = request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var forwardedFor = request.Headers["X-Forwarded-For"].ToString();
        if (addKey && !request.Headers.ContainsKey("Sec-WebSocket-Key"))
        {
            head.Append("Sec-WebSocket-Key: ").Append(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))).Append("\r\n");
        }

        head.Append("Connection: Upgrade\r\n")
            .Append("Upgrade: ").Append(upgradeProtocol).Append("\r\n")
            .Append("X-Forwarded-For: ").Append(forwardedFor.Length == 0 ? clientAddress : $"{forwardedFor}, {clientAddress}").Append("\r\n")
            .Append("X-Forwarded-Proto: ").Append(request.Scheme).Append("\r\n")
            .Append("X-Forwarded-Host: ").Append(request.Host.Value).Append("\r\n")
            .Append("\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }
}
