using System.Text.RegularExpressions;

namespace WsProxyLab.Troubleshooting.Lint.Nginx;

/// <summary>
/// Which locations of a configuration proxy WebSockets and which stream events. A location with <c>proxy_pass</c>
/// proxies WebSockets when <c>Upgrade</c> is forwarded there or its path names them; when no location of the file
/// forwards <c>Upgrade</c>, lint was pointed at a WebSocket proxy whose headers are missing, so every one does.
/// </summary>
internal static partial class NginxLocations
{
    public static IReadOnlyList<NginxDirective> Proxied(NginxConfig config) =>
        [.. config.All().Where(directive => directive.Name == "location" && directive.Named("proxy_pass").Any())];

    public static IReadOnlyList<NginxDirective> WebSocket(NginxConfig config)
    {
        var proxied = Proxied(config);
        var forwardsUpgrade = proxied.Where(location => NginxInheritance.ProxyHeader(location, "Upgrade") is not null).ToList();
        return forwardsUpgrade.Count == 0
            ? proxied
            : [.. proxied.Where(location => forwardsUpgrade.Contains(location) || NamesWebSockets().IsMatch(Path(location)))];
    }

    /// <summary>True when the location's path names a stream of events (<c>/sse</c>, <c>/events</c>, <c>/stream</c>).</summary>
    public static bool StreamsEvents(NginxDirective location) => NamesEvents().IsMatch(Path(location));

    /// <summary>The location's match as written (<c>/</c>, <c>~ ^/ws</c>, <c>= /ws</c>).</summary>
    public static string Path(NginxDirective location) => string.Join(' ', location.Arguments);

    [GeneratedRegex("(?<![a-z])(ws|wss|websockets?|sockets?|cable|hubs?|signalr|realtime)(?![a-z])", RegexOptions.IgnoreCase)]
    private static partial Regex NamesWebSockets();

    [GeneratedRegex("(?<![a-z])(sse|events?|eventsource|stream|streaming|subscribe|push|notifications?)(?![a-z])", RegexOptions.IgnoreCase)]
    private static partial Regex NamesEvents();
}
