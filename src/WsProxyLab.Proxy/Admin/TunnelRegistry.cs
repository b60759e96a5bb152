using System.Collections.Concurrent;
using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Admin;

/// <summary>The tunnels open right now.</summary>
public sealed class TunnelRegistry(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<long, OpenTunnel> _tunnels = new();
    private long _nextId;

    /// <summary>How many tunnels are open.</summary>
    public int Count => _tunnels.Count;

    /// <summary>Open tunnels, oldest first.</summary>
    public IReadOnlyList<OpenTunnel> Snapshot() => [.. _tunnels.Values.OrderBy(tunnel => tunnel.Id)];

    /// <summary>Lists a tunnel until it is disposed.</summary>
    public OpenTunnel Register(string route, string destination, string client, TunnelTraffic traffic)
    {
        var tunnel = new OpenTunnel(Interlocked.Increment(ref _nextId), route, destination, client, timeProvider.GetUtcNow(), traffic,
            ended => _tunnels.TryRemove(ended.Id, out _));
        _tunnels[tunnel.Id] = tunnel;
        return tunnel;
    }
}
