namespace WsProxyLab.Proxy.Configuration;

/// <summary>Keep-alive pings from the proxy to clients that have gone quiet.</summary>
public sealed record KeepAlivePingConfig
{
    /// <summary>A client that sent nothing for this long gets a ping; zero (the default) turns keep-alive pings off.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.Zero;

    /// <summary>How long the pong may take; without one the tunnel is closed (the upstream gets 1001).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);
}
