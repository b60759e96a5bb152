using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using WsProxyLab.Proxy.Admin;
using WsProxyLab.Proxy.Balancing;
using WsProxyLab.Proxy.Configuration;
using WsProxyLab.Proxy.Diagnostics;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>
/// Matches a request path to a route (longest prefix). When the configuration changes (a <c>--config</c> file edited),
/// the routes are rebuilt in process: a valid change applies to new requests without dropping tunnels (a destination
/// that stays keeps its tunnel counts and health), a removed destination has only its own tunnels ended, and an invalid
/// change is rejected with every error logged while the running routes keep serving.
/// </summary>
internal sealed class RouteTable : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly TimeProvider _timeProvider;
    private readonly IValidateOptions<ProxyOptions> _validator;
    private readonly TunnelRegistry _registry;
    private readonly ILogger<RouteTable> _logger;
    private readonly IDisposable _reloadSubscription;
    private IReadOnlyList<ProxyRoute> _routes;

    public RouteTable(
        IOptions<ProxyOptions> options,
        IConfiguration configuration,
        TimeProvider timeProvider,
        IValidateOptions<ProxyOptions> validator,
        TunnelRegistry registry,
        ILogger<RouteTable> logger)
    {
        _configuration = configuration;
        _timeProvider = timeProvider;
        _validator = validator;
        _registry = registry;
        _logger = logger;
        _routes = Build(options.Value, previous: []);
        _reloadSubscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>Raised after a configuration change was applied (true) or rejected (false).</summary>
    public event Action<bool>? Reloaded;

    /// <summary>Every route.</summary>
    public IReadOnlyList<ProxyRoute> Routes => Volatile.Read(ref _routes);

    public ProxyRoute? Match(PathString path) =>
        Routes.FirstOrDefault(route => route.PathPrefix == "/" || path.StartsWithSegments(route.PathPrefix.TrimEnd('/')));

    private void Reload()
    {
        var candidate = new ProxyOptions();
        string? failure;
        try
        {
            _configuration.GetSection(ProxyOptions.SectionName).Bind(candidate);
            failure = _validator.Validate(null, candidate) is { Failed: true } validation ? validation.FailureMessage : null;
        }
        catch (InvalidOperationException exception)
        {
            // A value of the wrong type (a TimeSpan that does not parse) fails the binding itself.
            failure = exception.InnerException?.Message ?? exception.Message;
        }

        if (failure is not null)
        {
            ProxyLog.ReloadRejected(_logger, failure);
            Reloaded?.Invoke(false);
            return;
        }

        var previous = Routes;
        var next = Build(candidate, previous);
        Volatile.Write(ref _routes, next);

        // Tunnels to a destination that is gone are ended; every other tunnel carries on.
        var kept = next.SelectMany(route => route.Destinations.Select(destination => (route.Id, destination.Id))).ToHashSet();
        foreach (var tunnel in _registry.Snapshot().Where(tunnel => !kept.Contains((tunnel.Route, tunnel.Destination))))
        {
            tunnel.RequestEnd("destination removed from the proxy configuration");
        }

        var destinationCount = next.Sum(route => route.Destinations.Count);
        ProxyLog.Reloaded(_logger, next.Count, destinationCount);
        Reloaded?.Invoke(true);
    }

    private IReadOnlyList<ProxyRoute> Build(ProxyOptions options, IReadOnlyList<ProxyRoute> previous) =>
        [.. options.Routes
            .Select(pair => Build(pair.Key, pair.Value, previous.FirstOrDefault(route => route.Id == pair.Key)))
            .OrderByDescending(route => route.PathPrefix.Length)];

    private ProxyRoute Build(string id, RouteConfig config, ProxyRoute? previous)
    {
        IReadOnlyList<Destination> destinations = [.. RouteDestinations.Resolve(config, _configuration)
            .Select(d => previous?.Destinations.FirstOrDefault(old => old.Id == d.Id && old.Address == new Uri(d.Address))
                ?? new Destination(d.Id, new Uri(d.Address), config.PassiveHealth, _timeProvider))];
        IDestinationSelector selector = config.LoadBalancingPolicy switch
        {
            LoadBalancingPolicy.LeastTunnels => new LeastTunnelsSelector(destinations),
            LoadBalancingPolicy.PowerOfTwoChoices => new PowerOfTwoChoicesSelector(destinations, Random.Shared),
            LoadBalancingPolicy.IpHash => new IpHashSelector(destinations),
            LoadBalancingPolicy.ConsistentHash => new ConsistentHashSelector(destinations, config.HashKey!),
            LoadBalancingPolicy.StickyCookie => new StickyCookieSelector(destinations, config.AffinityCookieName),
            _ => new RoundRobinSelector(destinations),
        };
        return new ProxyRoute(id, config.PathPrefix, destinations, selector, config.AllowedOrigins, config.ActiveHealth, config.Mode, config.MaxMessageBytes);
    }

    public void Dispose() => _reloadSubscription.Dispose();
}
