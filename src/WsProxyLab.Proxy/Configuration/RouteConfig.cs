namespace WsProxyLab.Proxy.Configuration;

/// <summary>A path prefix and the destinations that serve it.</summary>
public sealed record RouteConfig
{
    /// <summary>Requests whose path starts with this prefix use the route (the longest matching prefix wins).</summary>
    public string PathPrefix { get; init; } = "/";

    /// <summary>The upstreams, keyed by a name used in logs and metrics.</summary>
    public IReadOnlyDictionary<string, DestinationConfig> Destinations { get; init; } = new Dictionary<string, DestinationConfig>();
}
