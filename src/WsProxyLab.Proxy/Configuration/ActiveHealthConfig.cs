namespace WsProxyLab.Proxy.Configuration;

/// <summary>Active health: the proxy probes every destination itself and gives an unhealthy one no new tunnels (open ones stay).</summary>
public sealed record ActiveHealthConfig
{
    /// <summary>How often each destination is probed; zero (the default) turns active health off.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.Zero;

    /// <summary>The path probed with GET; a 2xx answer within <see cref="Timeout"/> is healthy.</summary>
    public string Path { get; init; } = "/health";

    /// <summary>How long one probe may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);
}
