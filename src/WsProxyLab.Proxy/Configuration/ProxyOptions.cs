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
    /// How long the upstream may send nothing, while the proxy waits for its handshake response or relays its bytes,
    /// before the tunnel is closed (nginx <c>proxy_read_timeout</c>, 60 s).
    /// </summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest upstream response head accepted (status line and headers).</summary>
    public int MaxResponseHeadBytes { get; set; } = 16 * 1024;
}
