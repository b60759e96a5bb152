namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// A tunnel's timeouts as timestamps the pumps write and the <see cref="TunnelWatchdog"/> checks: upstream silence
/// (read), a stalled write either way (send), and no bytes either way (idle, when positive). The first timeout found
/// expired, or a keep-alive ping left unanswered, is recorded as the reason and stops the tunnel through
/// <see cref="Stop"/>, which also ends when the client goes or the proxy stops the tunnel.
/// </summary>
internal sealed class TunnelDeadlines : IDisposable
{
    private readonly RelayDirection _toUpstream;
    private readonly RelayDirection _toClient;
    private readonly long _read;
    private readonly long _send;
    private readonly long _idle;
    private readonly CancellationTokenSource _stop;
    private long _lastDelivery;
    private int _expiredReason = -1;

    public TunnelDeadlines(
        RelayDirection toUpstream, RelayDirection toClient, RelaySettings settings, TimeProvider timeProvider, CancellationToken clientGone, CancellationToken proxyStopping)
    {
        _toUpstream = toUpstream;
        _toClient = toClient;
        _read = ToTimestampSpan(settings.Read, timeProvider);
        _send = ToTimestampSpan(settings.Send, timeProvider);
        _idle = ToTimestampSpan(settings.Idle, timeProvider);
        ShortestTimeout = Shortest(Shortest(settings.Read, settings.Send), settings.Idle);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(clientGone, proxyStopping);
        _lastDelivery = timeProvider.GetTimestamp();
    }

    /// <summary>Cancelled when a timeout expired, the client went, the proxy stops the tunnel or the relay ends.</summary>
    public CancellationToken Stop => _stop.Token;

    /// <summary>The shortest timeout set (zero when none is), which decides how often the watchdog must look.</summary>
    public TimeSpan ShortestTimeout { get; }

    /// <summary>The timeout that ended the tunnel, if one did.</summary>
    public TunnelEndReason? Expired => Volatile.Read(ref _expiredReason) is var reason and >= 0 ? (TunnelEndReason)reason : null;

    /// <summary>This tunnel's slot in the watchdog's list.</summary>
    internal int WatchSlot { get; set; } = -1;

    /// <summary>Bytes were delivered one way or the other: the idle period starts again.</summary>
    public void Delivered(long now) => Volatile.Write(ref _lastDelivery, now);

    /// <summary>The timeout that has run out at <paramref name="now"/>, if any.</summary>
    public TunnelEndReason? Due(long now)
    {
        if (Overdue(_toClient.ReadingSince, _read, now))
        {
            return TunnelEndReason.ReadTimeout;
        }

        if (Overdue(_toClient.WritingSince, _send, now))
        {
            return TunnelEndReason.ClientSendTimeout;
        }

        if (Overdue(_toUpstream.WritingSince, _send, now))
        {
            return TunnelEndReason.UpstreamSendTimeout;
        }

        return _idle > 0 && now - Volatile.Read(ref _lastDelivery) >= _idle ? TunnelEndReason.IdleTimeout : null;
    }

    /// <summary>Ends the tunnel for <paramref name="reason"/>, unless it already ended for another.</summary>
    public void Expire(TunnelEndReason reason)
    {
        if (Interlocked.CompareExchange(ref _expiredReason, (int)reason, -1) == -1)
        {
            EndRelay();
        }
    }

    /// <summary>Stops both pumps without naming a timeout (one side ended).</summary>
    public void EndRelay()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The tunnel finished while the watchdog was looking at it.
        }
    }

    public void Dispose() => _stop.Dispose();

    private static bool Overdue(long since, long limit, long now) => limit > 0 && since != RelayDirection.NotWaiting && now - since >= limit;

    private static TimeSpan Shortest(TimeSpan first, TimeSpan second) =>
        first <= TimeSpan.Zero ? second : second <= TimeSpan.Zero ? first : first < second ? first : second;

    private static long ToTimestampSpan(TimeSpan span, TimeProvider timeProvider) =>
        span > TimeSpan.Zero ? (long)(span.TotalSeconds * timeProvider.TimestampFrequency) : 0;
}
