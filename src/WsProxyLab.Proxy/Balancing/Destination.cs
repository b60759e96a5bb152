using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Balancing;

/// <summary>A destination at run time, with the count of tunnels open to it (the load measure for long-lived sockets) and its passive health.</summary>
public sealed class Destination(string id, Uri address, PassiveHealthConfig? passiveHealth = null, TimeProvider? timeProvider = null)
{
    private readonly PassiveHealth _health = new(passiveHealth ?? new PassiveHealthConfig(), timeProvider ?? TimeProvider.System);

    private int _activeTunnels;

    /// <summary>The destination's name.</summary>
    public string Id { get; } = id;

    /// <summary>Its base address.</summary>
    public Uri Address { get; } = address;

    /// <summary>Tunnels open to it right now.</summary>
    public int ActiveTunnels => Volatile.Read(ref _activeTunnels);

    private volatile bool _activelyHealthy = true;

    /// <summary>Whether passive and active health let it take new tunnels.</summary>
    public bool IsAvailable => _activelyHealthy && _health.IsAvailable;

    /// <summary>The last active health probe's verdict (true until a probe says otherwise).</summary>
    public bool IsActivelyHealthy => _activelyHealthy;

    /// <summary>Records the result of an active health probe.</summary>
    public void SetActiveHealth(bool healthy) => _activelyHealthy = healthy;

    /// <summary>Records a failed connect or handshake.</summary>
    public void RecordFailure() => _health.RecordFailure();

    /// <summary>Counts a tunnel until the returned handle is disposed.</summary>
    public IDisposable TrackTunnel()
    {
        Interlocked.Increment(ref _activeTunnels);
        return new TunnelHandle(this);
    }

    private sealed class TunnelHandle(Destination destination) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref destination._activeTunnels);
            }
        }
    }
}
