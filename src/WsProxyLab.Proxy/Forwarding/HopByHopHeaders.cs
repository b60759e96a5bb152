using Microsoft.Extensions.Primitives;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>Headers that belong to one connection (RFC 9110 §7.6.1) and are never forwarded as they are.</summary>
internal static class HopByHopHeaders
{
    private static readonly HashSet<string> Fixed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    /// <summary>Whether <paramref name="name"/> is hop-by-hop, fixed or listed in this message's Connection header.</summary>
    public static bool IsHopByHop(string name, StringValues connection) =>
        Fixed.Contains(name) || connection.Any(value => value is not null && value.Split(',').Any(token => token.Trim().Equals(name, StringComparison.OrdinalIgnoreCase)));
}
