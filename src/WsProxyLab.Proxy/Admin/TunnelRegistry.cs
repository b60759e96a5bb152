using System.Collections.Concurrent;
using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Admin;

/// <summary>The tunnels open right now.</summary>
public sealed class TunnelRegistry(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<long, OpenTunnel> _tunnels = new();
    private long _nextId;
    private string? _endNewTunnelsReason;

    /// <summary>How many tunnels have ever been registered (each has the next id).</summary>
    public long Registered => Interlocked.Read(ref _nextId);

    /// <summary>How many tunnels are open.</summary>
    public int Count => _tunnels.Count;

    /// <summary>Open tunnels, oldest first.</summary>
    public IReadOnlyList<OpenTunnel> Snapshot() => [.. _tunnels.Values.OrderBy(tunnel => tunnel.Id)];

    /// <summary>
    /// Lists a tunnel until it is disposed. Once <see cref="EndNewTunnels"/> has been called the tunnel is asked to end
    /// at once: a handshake that was under way when a drain took its snapshot must not outlive the drain.
    /// </summary>
    public OpenTunnel Register(string route, string destination, string client, TunnelTraffic traffic)
    {
        var tunnel = new OpenTunnel(Interlocked.Increment(ref _nextId), route, destination, client, timeProvider.GetUtcNow(), traffic,
            ended => _tunnels.TryRemove(ended.Id, out _));
        _tunnels[tunnel.Id] = tunnel;
        // Full fences on both sides (here and in EndNewTunnels): either the drain's snapshot sees this tunnel or this read sees the drain.
        if (Interlocked.CompareExchange(ref _endNewTunnelsReason, null, null) is { } reason)
        {
            tunnel.RequestEnd(reason);
        }

        return tunnel;
    }

    /// <summary>From now on every tunnel that registers is asked to end with <paramref name="reason"/>.</summary>
    public void EndNewTunnels(string reason) => Interlocked.Exchange(ref _endNewTunnelsReason, reason);
}
