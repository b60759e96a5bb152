using WsProxyLab.Proxy.Balancing;

namespace WsProxyLab.Proxy.Configuration;

/// <summary>A path prefix and the destinations that serve it.</summary>
public sealed record RouteConfig
{
    /// <summary>Requests whose path starts with this prefix use the route (the longest matching prefix wins).</summary>
    public string PathPrefix { get; init; } = "/";

    /// <summary>
    /// A service whose replicas are the destinations, read from Aspire's service-discovery configuration
    /// (<c>services__{Service}__{Endpoint}__{index}</c>); used instead of, or as well as, <see cref="Destinations"/>.
    /// </summary>
    public string? Service { get; init; }

    /// <summary>The endpoint name of <see cref="Service"/> to use.</summary>
    public string Endpoint { get; init; } = "http";

    /// <summary>How a destination is chosen for each new tunnel.</summary>
    public LoadBalancingPolicy LoadBalancingPolicy { get; init; } = LoadBalancingPolicy.RoundRobin;

    /// <summary>For <see cref="LoadBalancingPolicy.ConsistentHash"/>: <c>header:NAME</c>, <c>cookie:NAME</c> or <c>query:NAME</c>.</summary>
    public string? HashKey { get; init; }

    /// <summary>For <see cref="LoadBalancingPolicy.StickyCookie"/>: the cookie the proxy issues.</summary>
    public string AffinityCookieName { get; init; } = "wsproxy-affinity";

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) allowed to open WebSockets on this route; others get 403 (protection against
    /// cross-site WebSocket hijacking). Empty allows any. A request without an Origin header (a non-browser client) is allowed.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>How WebSocket bytes are relayed: opaque (<see cref="RelayMode.Tunnel"/>) or frame by frame (<see cref="RelayMode.Frames"/>).</summary>
    public RelayMode Mode { get; init; } = RelayMode.Tunnel;

    /// <summary>
    /// In <see cref="RelayMode.Frames"/> mode, the largest message (the sum of its frames' payloads, as sent on the wire,
    /// i.e. compressed when permessage-deflate is on) either side may send; a larger one is not relayed and its sender
    /// gets close 1009. Zero is no limit.
    /// </summary>
    public long MaxMessageBytes { get; init; }

    /// <summary>Passive health of the route's destinations (nginx <c>max_fails</c>, <c>fail_timeout</c>).</summary>
    public PassiveHealthConfig PassiveHealth { get; init; } = new();

    /// <summary>Active health probing of the route's destinations.</summary>
    public ActiveHealthConfig ActiveHealth { get; init; } = new();

    /// <summary>The upstreams, keyed by a name used in logs and metrics.</summary>
    public IReadOnlyDictionary<string, DestinationConfig> Destinations { get; init; } = new Dictionary<string, DestinationConfig>();
}
