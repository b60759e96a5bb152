namespace WsProxyLab.LoadTests.Compare;

/// <summary>How big and how long a suite's measurements are.</summary>
internal sealed record SuiteScale
{
    /// <summary>Connections held through an echo measurement (the spread shape sends on each in turn).</summary>
    public required int Held { get; init; }

    /// <summary>Echo messages per second over all connections.</summary>
    public required int Rate { get; init; }

    /// <summary>Bytes per echo message.</summary>
    public int MessageBytes { get; init; } = 64;

    /// <summary>How long each load measurement runs, measured.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>How long each echo measurement runs first, unmeasured.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The hot shape's extra connections carrying the whole rate.</summary>
    public int HotConnections { get; init; } = 100;

    /// <summary>Connections, rate and size of the large-message measurement.</summary>
    public int LargeConnections { get; init; } = 100;

    public int LargeRate { get; init; } = 500;

    public int LargeBytes { get; init; } = 16 * 1024;

    /// <summary>Handshakes per second of the churn measurements, and how long they run.</summary>
    public required int ChurnRate { get; init; }

    public required TimeSpan ChurnDuration { get; init; }

    /// <summary>Handshakes in the fault suite's connection storm.</summary>
    public int StormConnections { get; init; }

    /// <summary>Clients of the sticky, failover, timeout, SSE and push measurements.</summary>
    public int Clients { get; init; } = 20;

    /// <summary>How long the sticky, failover, SSE and push measurements run.</summary>
    public TimeSpan ShortDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The read timeout of the timeout measurements' profile; they run silent past it.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// The scale with the command line's overrides: fewer held connections bring the rate, the hot and large shapes and
    /// the clients down with them; a duration replaces every measurement's.
    /// </summary>
    public SuiteScale Override(int? held, TimeSpan? duration)
    {
        var scaled = this;
        if (held is { } connections)
        {
            var factor = Math.Min(1.0, connections / (double)Held);
            scaled = scaled with
            {
                Held = connections,
                Rate = Math.Max(1, (int)(Rate * factor)),
                HotConnections = Math.Max(1, Math.Min(HotConnections, connections)),
                LargeConnections = Math.Max(1, Math.Min(LargeConnections, connections)),
                LargeRate = Math.Max(1, (int)(LargeRate * factor)),
                ChurnRate = Math.Max(1, (int)(ChurnRate * Math.Max(factor, 0.1))),
                Clients = Math.Max(2, Math.Min(Clients, connections)),
            };
        }

        return duration is { } runFor
            ? scaled with { Duration = runFor, ShortDuration = runFor, ChurnDuration = runFor, WarmUp = TimeSpan.FromTicks(Math.Min(WarmUp.Ticks, runFor.Ticks / 2)) }
            : scaled;
    }
}
