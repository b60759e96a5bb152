namespace WsProxyLab.Proxy.Configuration;

/// <summary>The proxy's settings, bound from the <c>Proxy</c> configuration section.</summary>
public sealed class ProxyOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Proxy";

    /// <summary>Routes keyed by id.</summary>
    public Dictionary<string, RouteConfig> Routes { get; init; } = [];

    /// <summary>How long opening the TCP connection to an upstream may take before the next destination is tried (nginx <c>proxy_connect_timeout</c>).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a client may take to send its whole request head (Kestrel's <c>RequestHeadersTimeout</c>); a slower one gets
    /// 408 and is disconnected, so a slowloris client cannot hold connections (nginx <c>client_header_timeout</c>).
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the upstream may send nothing, while the proxy waits for its handshake response or relays its bytes,
    /// before the tunnel is closed (nginx <c>proxy_read_timeout</c>, 60 s).
    /// </summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a write to either side may stall (its reader stopped reading) before the tunnel is closed (nginx <c>proxy_send_timeout</c>, 60 s).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>When positive, a tunnel with no bytes either way for this long is closed with 1001 (HAProxy <c>timeout tunnel</c>); zero is off.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Keep-alive pings to quiet clients, closing tunnels whose client does not answer (off by default).</summary>
    public KeepAlivePingConfig KeepAlivePing { get; init; } = new();

    /// <summary>Most tunnels open at once (handshakes in progress included); more are refused with 503 and Retry-After. 0 means no limit.</summary>
    public int MaxTunnels { get; set; }

    /// <summary>Most tunnels open at once from one client address; 0 means no limit (nginx <c>limit_conn</c> by <c>$binary_remote_addr</c>).</summary>
    public int MaxTunnelsPerClient { get; set; }

    /// <summary>Largest request head accepted from clients; larger ones get 431 (nginx <c>large_client_header_buffers</c>).</summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>The Retry-After value, in seconds, of a 503 for a full proxy.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>On drain (SIGTERM, <c>POST /admin/drain</c>), the 1001 closes are spread over this window so reconnecting clients do not stampede.</summary>
    public TimeSpan DrainWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a drain waits for tunnels to end before it ends the rest at once and the process exits.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The certificate of <c>https://</c> listeners (TLS 1.2 and 1.3 only, ALPN h2 and http/1.1).</summary>
    public TlsConfig Tls { get; init; } = new();

    /// <summary>TLS to <c>https://</c> destinations.</summary>
    public UpstreamTlsConfig UpstreamTls { get; init; } = new();

    /// <summary>
    /// After at least this many new tunnels, once none has opened for <see cref="MemoryTrimQuietPeriod"/>, one compacting
    /// full GC hands the garbage of their handshakes back to the operating system (held tunnels then cost their live
    /// memory, not the GC's headroom). 0 turns it off.
    /// </summary>
    public int MemoryTrimAfterTunnels { get; set; } = 1000;

    /// <summary>How long no tunnel may open before a memory trim runs.</summary>
    public TimeSpan MemoryTrimQuietPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a tunnel takes the client socket of a plain HTTP/1.1 upgrade over from Kestrel and relays on it directly,
    /// instead of through Kestrel's pipes and request and response streams. Read at start, not reloaded.
    /// </summary>
    public bool ClientSocketHandoff { get; set; } = true;

    /// <summary>Largest upstream response head accepted (status line and headers).</summary>
    public int MaxResponseHeadBytes { get; set; } = 16 * 1024;
}
