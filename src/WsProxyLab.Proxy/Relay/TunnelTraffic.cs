namespace WsProxyLab.Proxy.Relay;

/// <summary>What a tunnel has carried each way.</summary>
public sealed class TunnelTraffic
{
    /// <summary>Client to upstream.</summary>
    public DirectionTraffic ClientToUpstream { get; } = new();

    /// <summary>Upstream to client.</summary>
    public DirectionTraffic UpstreamToClient { get; } = new();
}
