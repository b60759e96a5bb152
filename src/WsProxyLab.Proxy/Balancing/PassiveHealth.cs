using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Balancing;

/// <summary>One destination's failure record, with nginx's <c>max_fails</c>/<c>fail_timeout</c> semantics.</summary>
internal sealed class PassiveHealth(PassiveHealthConfig config, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _failures = new();
    private DateTimeOffset _unavailableUntil = DateTimeOffset.MinValue;

    /// <summary>Whether the destination may get new tunnels now.</summary>
    public bool IsAvailable
    {
        get
        {
            lock (_lock)
            {
                return config.MaxFails == 0 || timeProvider.GetUtcNow() >= _unavailableUntil;
            }
        }
    }

    /// <summary>Counts a failure; the <c>MaxFails</c>-th within <c>FailTimeout</c> makes the destination unavailable for <c>FailTimeout</c>.</summary>
    public void RecordFailure()
    {
        if (config.MaxFails == 0)
        {
            return;
        }

        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            _failures.Enqueue(now);
            while (_failures.Peek() <= now - config.FailTimeout)
            {
                _failures.Dequeue();
            }

            if (_failures.Count >= config.MaxFails)
            {
                _unavailableUntil = now + config.FailTimeout;
                _failures.Clear();
            }
        }
    }
}
