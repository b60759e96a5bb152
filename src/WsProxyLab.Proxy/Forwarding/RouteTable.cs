using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Balancing;
using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>Matches a request path to a route (longest prefix) and hands out its destinations in round-robin order.</summary>
internal sealed class RouteTable
{
    private readonly IReadOnlyList<ProxyRoute> _routes;

    public RouteTable(IOptions<ProxyOptions> options, IConfiguration configuration, TimeProvider timeProvider)
    {
        _routes = [.. options.Value.Routes
            .Select(pair => Build(pair.Key, pair.Value, configuration, timeProvider))
            .OrderByDescending(route => route.PathPrefix.Length)];
    }

    private static ProxyRoute Build(string id, RouteConfig config, IConfiguration configuration, TimeProvider timeProvider)
    {
        IReadOnlyList<Destination> destinations = [.. RouteDestinations.Resolve(config, configuration)
            .Select(d => new Destination(d.Id, new Uri(d.Address), config.PassiveHealth, timeProvider))];
        IDestinationSelector selector = config.LoadBalancingPolicy switch
        {
            LoadBalancingPolicy.LeastTunnels => new LeastTunnelsSelector(destinations),
            LoadBalancingPolicy.PowerOfTwoChoices => new PowerOfTwoChoicesSelector(destinations, Random.Shared),
            LoadBalancingPolicy.IpHash => new IpHashSelector(destinations),
            LoadBalancingPolicy.ConsistentHash => new ConsistentHashSelector(destinations, config.HashKey!),
            LoadBalancingPolicy.StickyCookie => new StickyCookieSelector(destinations, config.AffinityCookieName),
            _ => new RoundRobinSelector(destinations),
        };
        return new ProxyRoute(id, config.PathPrefix, destinations, selector, config.AllowedOrigins, config.ActiveHealth);
    }

    /// <summary>Every route, for the active health prober.</summary>
    public IReadOnlyList<ProxyRoute> Routes => _routes;

    public ProxyRoute? Match(PathString path) =>
        _routes.FirstOrDefault(route => route.PathPrefix == "/" || path.StartsWithSegments(route.PathPrefix.TrimEnd('/')));
}
