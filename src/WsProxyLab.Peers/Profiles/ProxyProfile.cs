namespace WsProxyLab.Peers.Profiles;

/// <summary>
/// What every target must do, rendered into each one's own configuration: where it listens, which replicas it proxies
/// to and how it picks one, its timeouts, buffering, TLS and connection limit. What a target cannot express is listed in
/// the capability notes of its rendering, never dropped silently.
/// </summary>
public sealed record ProxyProfile
{
    /// <summary>A short name for reports (<c>default</c>, <c>pitfall-no-upgrade-headers</c>, …).</summary>
    public string Name { get; init; } = "default";

    /// <summary>
    /// The address the target listens on: loopback by default; <c>0.0.0.0</c> inside a container on a bridge network,
    /// whose published ports reach it from the host.
    /// </summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>The port for <c>ws://</c>.</summary>
    public int ListenPort { get; init; }

    /// <summary>The port for <c>wss://</c>; null for no TLS listener.</summary>
    public int? TlsListenPort { get; init; }

    /// <summary>The certificate for <see cref="TlsListenPort"/>.</summary>
    public ProfileTls? Tls { get; init; }

    /// <summary>The upstream replicas (<c>http://127.0.0.1:PORT</c>).</summary>
    public IReadOnlyList<Uri> Upstreams { get; init; } = [];

    /// <summary>How a replica is picked for each new connection.</summary>
    public BalancingPolicy Balancing { get; init; } = BalancingPolicy.RoundRobin;

    /// <summary>For <see cref="BalancingPolicy.ConsistentHash"/>: <c>header:NAME</c>, <c>cookie:NAME</c> or <c>query:NAME</c>.</summary>
    public string? HashKey { get; init; }

    /// <summary>For <see cref="BalancingPolicy.StickyCookie"/>: the cookie the target issues.</summary>
    public string StickyCookieName { get; init; } = "lab-affinity";

    /// <summary>The timeouts; null leaves every target at its own defaults (nginx: 60 s read and send).</summary>
    public ProfileTimeouts? Timeouts { get; init; } = new();

    /// <summary>Whether the target buffers upstream responses (nginx's <c>proxy_buffering</c>); off is right for streams.</summary>
    public bool Buffering { get; init; }

    /// <summary>
    /// Whether the target speaks HTTP/1.1 to the replicas (nginx needs <c>proxy_http_version 1.1</c>); false leaves nginx
    /// at its default HTTP/1.0, as a location written without it does: WebSockets cannot pass, and streams come unchunked.
    /// </summary>
    public bool UpstreamHttp11 { get; init; } = true;

    /// <summary>Whether the target is told to forward <c>Upgrade</c> and <c>Connection</c> (nginx needs both set by hand).</summary>
    public bool ForwardUpgradeHeaders { get; init; } = true;

    /// <summary>
    /// The most client connections the target accepts at once; its own limits are sized from it. The default fits the
    /// lab machine's 20,000 open files per process: each tunnel holds two sockets (HAProxy refuses to start when its
    /// computed need exceeds the limit).
    /// </summary>
    public int MaxConnections { get; init; } = 9_000;

    /// <summary>The proxy pings idle clients at this interval; null for no proxy-originated ping.</summary>
    public TimeSpan? KeepAlivePing { get; init; }

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) allowed to open WebSockets; a handshake from any other gets 403 (against
    /// cross-site WebSocket hijacking). Empty allows any; a handshake without an Origin (not a browser) is allowed.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Whether the target reads the frames it relays (wsproxy's <c>Frames</c> mode) instead of copying opaque bytes.</summary>
    public bool InspectFrames { get; init; }

    /// <summary>The largest WebSocket message the target relays (closing with 1009 past it); 0 for no limit. Needs <see cref="InspectFrames"/>.</summary>
    public long MaxMessageBytes { get; init; }

    /// <summary>Lists what is wrong with the profile; empty when it can be rendered.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ListenPort is < 1 or > 65535)
        {
            errors.Add($"ListenPort is {ListenPort}; choose a port from 1 to 65535.");
        }

        if (TlsListenPort is { } tlsPort && (tlsPort is < 1 or > 65535 || Tls is null))
        {
            errors.Add(Tls is null ? "TlsListenPort is set but Tls is not; give the certificate and key paths." : $"TlsListenPort is {tlsPort}; choose a port from 1 to 65535.");
        }

        if (Upstreams.Count == 0)
        {
            errors.Add("Upstreams is empty; add at least one replica address.");
        }

        if (Balancing == BalancingPolicy.ConsistentHash && HashKeySource.TryParse(HashKey) is null)
        {
            errors.Add($"HashKey is '{HashKey}'; ConsistentHash needs 'header:NAME', 'cookie:NAME' or 'query:NAME'.");
        }

        foreach (var origin in AllowedOrigins.Where(origin => !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.PathAndQuery != "/" || origin.EndsWith('/')))
        {
            errors.Add($"AllowedOrigins has '{origin}'; give scheme://host[:port] with no path.");
        }

        if (MaxMessageBytes < 0 || (MaxMessageBytes > 0 && !InspectFrames))
        {
            errors.Add($"MaxMessageBytes is {MaxMessageBytes}; it must be 0 (no limit) or positive, and a limit needs InspectFrames.");
        }

        if (MaxConnections < 1)
        {
            errors.Add($"MaxConnections is {MaxConnections}; it must be at least 1.");
        }

        return errors;
    }
}
