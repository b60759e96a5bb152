namespace WsProxyLab.Proxy.Relay;

/// <summary>The bytes a tunnel has carried each way.</summary>
public sealed class TunnelTraffic
{
    /// <summary>Client to upstream.</summary>
    public ByteCounter ClientToUpstream { get; } = new();

    /// <summary>Upstream to client.</summary>
    public ByteCounter UpstreamToClient { get; } = new();
}
