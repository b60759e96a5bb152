using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>Matches a request path to a route (longest prefix) and hands out its destinations in round-robin order.</summary>
internal sealed class RouteTable
{
    private readonly IReadOnlyList<ProxyRoute> _routes;

    public RouteTable(IOptions<ProxyOptions> options)
    {
        _routes = [.. options.Value.Routes
            .Select(pair => new ProxyRoute(pair.Key, pair.Value.PathPrefix, [.. pair.Value.Destinations.Select(d => (d.Key, new Uri(d.Value.Address)))]))
            .OrderByDescending(route => route.PathPrefix.Length)];
    }

    public ProxyRoute? Match(PathString path) =>
        _routes.FirstOrDefault(route => route.PathPrefix == "/" || path.StartsWithSegments(route.PathPrefix.TrimEnd('/')));
}
