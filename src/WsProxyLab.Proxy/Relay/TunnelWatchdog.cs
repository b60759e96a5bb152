namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// Checks every open tunnel's <see cref="TunnelDeadlines"/> on one heartbeat, as Kestrel checks its connections, instead
/// of a timer per pump re-armed on every read and write: a held tunnel owns no timer, and relaying a message costs a few
/// timestamp reads. The beat is a tenth of the shortest timeout of any tunnel seen (between 25 ms and 1 s), so a timeout
/// fires no earlier than set and at most a tenth later.
/// </summary>
internal sealed class TunnelWatchdog(TimeProvider timeProvider) : IDisposable
{
    private static readonly TimeSpan LongestBeat = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ShortestBeat = TimeSpan.FromMilliseconds(25);

    private readonly Lock _lock = new();
    private readonly List<TunnelDeadlines> _tunnels = [];
    private ITimer? _timer;
    private TimeSpan _beat = LongestBeat;
    private bool _disposed;

    /// <summary>Starts checking <paramref name="tunnel"/>.</summary>
    public void Watch(TunnelDeadlines tunnel)
    {
        var beat = tunnel.ShortestTimeout <= TimeSpan.Zero
            ? LongestBeat
            : TimeSpan.FromTicks(Math.Clamp(tunnel.ShortestTimeout.Ticks / 10, ShortestBeat.Ticks, LongestBeat.Ticks));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            tunnel.WatchSlot = _tunnels.Count;
            _tunnels.Add(tunnel);
            if (_timer is null)
            {
                _beat = beat;
                _timer = timeProvider.CreateTimer(static state => ((TunnelWatchdog)state!).Beat(), this, beat, beat);
            }
            else if (beat < _beat)
            {
                _beat = beat;
                _timer.Change(beat, beat);
            }
        }
    }

    /// <summary>Stops checking <paramref name="tunnel"/>.</summary>
    public void Forget(TunnelDeadlines tunnel)
    {
        lock (_lock)
        {
            var slot = tunnel.WatchSlot;
            if (slot < 0)
            {
                return;
            }

            var last = _tunnels[^1];
            _tunnels[slot] = last;
            last.WatchSlot = slot;
            _tunnels.RemoveAt(_tunnels.Count - 1);
            tunnel.WatchSlot = -1;
        }
    }

    private void Beat()
    {
        var now = timeProvider.GetTimestamp();
        List<(TunnelDeadlines Tunnel, TunnelEndReason Reason)>? due = null;
        lock (_lock)
        {
            foreach (var tunnel in _tunnels)
            {
                if (tunnel.Due(now) is { } reason)
                {
                    (due ??= []).Add((tunnel, reason));
                }
            }
        }

        // Cancelling runs the pumps' cancellation callbacks: done outside the lock so tunnels can come and go meanwhile.
        foreach (var (tunnel, reason) in due ?? [])
        {
            tunnel.Expire(reason);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }
}
