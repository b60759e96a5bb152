using System.Collections.Concurrent;
using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Admin;

/// <summary>The tunnels open right now.</summary>
public sealed class TunnelRegistry(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<long, OpenTunnel> _tunnels = new();
    private long _nextId;

    /// <summary>Open tunnels, oldest first.</summary>
    public IReadOnlyList<OpenTunnel> Snapshot() => [.. _tunnels.Values.OrderBy(tunnel => tunnel.Id)];

    /// <summary>Lists a tunnel until the returned handle is disposed.</summary>
    public IDisposable Register(string route, string destination, string client, TunnelTraffic traffic)
    {
        var tunnel = new OpenTunnel(Interlocked.Increment(ref _nextId), route, destination, client, timeProvider.GetUtcNow(), traffic);
        _tunnels[tunnel.Id] = tunnel;
        return new Registration(this, tunnel.Id);
    }

    private sealed class Registration(TunnelRegistry registry, long id) : IDisposable
    {
        public void Dispose() => registry._tunnels.TryRemove(id, out _);
    }
}
