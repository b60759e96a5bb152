namespace WsProxyLab.Proxy.Configuration;

/// <summary>One upstream a route forwards to.</summary>
public sealed record DestinationConfig
{
    /// <summary>The upstream's base address, <c>http://host:port</c>.</summary>
    public string Address { get; init; } = string.Empty;
}
