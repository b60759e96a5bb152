using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>Matches a request path to a route (longest prefix) and hands out its destinations in round-robin order.</summary>
internal sealed class RouteTable
{
    private readonly IReadOnlyList<ProxyRoute> _routes;

    public RouteTable(IOptions<ProxyOptions> options, IConfiguration configuration)
    {
        _routes = [.. options.Value.Routes
            .Select(pair => new ProxyRoute(pair.Key, pair.Value.PathPrefix,
                [.. RouteDestinations.Resolve(pair.Value, configuration).Select(d => (d.Id, new Uri(d.Address)))]))
            .OrderByDescending(route => route.PathPrefix.Length)];
    }

    public ProxyRoute? Match(PathString path) =>
        _routes.FirstOrDefault(route => route.PathPrefix == "/" || path.StartsWithSegments(route.PathPrefix.TrimEnd('/')));
}
