namespace WsProxyLab.Load.Statistics;

/// <summary>
/// A scenario's WebSocket sessions and messages in k6's vocabulary (<see cref="WebSocketMetricNames"/>), fed by the
/// connection pool or by a scenario's own sockets; thread-safe. Sessions and their handshakes count from the scenario's
/// init, messages and pings from the measured run's start (the warm-up's are dropped).
/// </summary>
public sealed class WebSocketMetrics
{
    private readonly Lock _gate = new();
    private readonly OutcomeRecorder _connecting = new();
    private readonly OutcomeRecorder _sessionDuration = new();
    private OutcomeRecorder _ping = new();
    private long _sessions;
    private long _open;
    private long _sent;
    private long _received;

    /// <summary>Sessions open now.</summary>
    public long Open => Interlocked.Read(ref _open);

    /// <summary>Messages sent so far.</summary>
    public long MessagesSent => Interlocked.Read(ref _sent);

    /// <summary>Messages received so far.</summary>
    public long MessagesReceived => Interlocked.Read(ref _received);

    /// <summary>A session opened after <paramref name="connecting"/> (connect, TLS and handshake).</summary>
    public void SessionStarted(TimeSpan connecting)
    {
        Interlocked.Increment(ref _sessions);
        Interlocked.Increment(ref _open);
        lock (_gate)
        {
            _connecting.Record((long)connecting.TotalMicroseconds, 0, null);
        }
    }

    /// <summary>A session that <see cref="SessionStarted"/> counted ended after <paramref name="duration"/>.</summary>
    public void SessionEnded(TimeSpan duration)
    {
        Interlocked.Decrement(ref _open);
        lock (_gate)
        {
            _sessionDuration.Record((long)duration.TotalMicroseconds, 0, null);
        }
    }

    /// <summary>A ping's pong came back after <paramref name="roundTrip"/>.</summary>
    public void Ping(TimeSpan roundTrip)
    {
        lock (_gate)
        {
            _ping.Record((long)roundTrip.TotalMicroseconds, 0, null);
        }
    }

    /// <summary>A whole message went out.</summary>
    public void MessageSent() => Interlocked.Increment(ref _sent);

    /// <summary>A whole message came in.</summary>
    public void MessageReceived() => Interlocked.Increment(ref _received);

    /// <summary>Drops the messages and pings counted so far: the measured run starts.</summary>
    internal void RestartMessageCounts()
    {
        Interlocked.Exchange(ref _sent, 0);
        Interlocked.Exchange(ref _received, 0);
        lock (_gate)
        {
            _ping = new OutcomeRecorder();
        }
    }

    /// <summary>
    /// Each metric as a <see cref="StepStats"/> named after it, rates over <paramref name="duration"/>: a trend's
    /// latencies in <see cref="StepStats.Ok"/>, a counter's count and rate only; none when no session started, and no
    /// <c>ws_ping</c> when nothing pinged.
    /// </summary>
    internal IReadOnlyList<StepStats> Snapshot(TimeSpan duration)
    {
        if (Interlocked.Read(ref _sessions) == 0)
        {
            return [];
        }

        var empty = new OutcomeRecorder().Snapshot(duration);
        var seconds = Math.Max(duration.TotalSeconds, 1e-9);
        StepStats Counter(string name, long count) => new(name, empty with { Count = count, Rps = count / seconds }, empty);
        lock (_gate)
        {
            var ping = _ping.Snapshot(duration);
            return
            [
                new StepStats(WebSocketMetricNames.Connecting, _connecting.Snapshot(duration), empty),
                Counter(WebSocketMetricNames.MessagesReceived, MessagesReceived),
                Counter(WebSocketMetricNames.MessagesSent, MessagesSent),
                .. ping.Count == 0 ? Array.Empty<StepStats>() : [new StepStats(WebSocketMetricNames.Ping, ping, empty)],
                new StepStats(WebSocketMetricNames.SessionDuration, _sessionDuration.Snapshot(duration), empty),
                Counter(WebSocketMetricNames.Sessions, Interlocked.Read(ref _sessions)),
            ];
        }
    }
}
