namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// One direction of a tunnel: its frame position, what it delivered, and, when the proxy may inject frames into it
/// (keep-alive pings), the gate that keeps an injected frame from landing in the middle of a relayed one.
/// </summary>
internal sealed class RelayDirection(FrameBoundaryTracker frames, DirectionTraffic traffic, bool injectable) : IDisposable
{
    public FrameBoundaryTracker Frames { get; } = frames;

    public DirectionTraffic Traffic { get; } = traffic;

    /// <summary>Held by whoever writes to the destination; null when nothing but the pump ever writes.</summary>
    public SemaphoreSlim? WriteGate { get; } = injectable ? new SemaphoreSlim(1, 1) : null;

    public void Dispose() => WriteGate?.Dispose();
}
