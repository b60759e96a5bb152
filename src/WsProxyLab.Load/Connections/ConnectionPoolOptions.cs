namespace WsProxyLab.Load.Connections;

/// <summary>How a <see cref="ConnectionPool"/> opens its connections.</summary>
public sealed record ConnectionPoolOptions
{
    /// <summary>How many connections.</summary>
    public required int Count { get; init; }

    /// <summary>Handshakes in flight at once.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>New connections per second; null opens them as fast as <see cref="Concurrency"/> allows.</summary>
    public double? RampPerSecond { get; init; }

    /// <summary>
    /// Whether <see cref="HeldConnection.PingAsync"/> may send protocol pings (k6's <c>ws_ping</c>): each connection's
    /// stream then serialises its writes and follows the server's frame headers to spot the pongs, which costs a little
    /// on every read, so it is off unless asked for.
    /// </summary>
    public bool Pings { get; init; }

    /// <summary>Throws naming the bad value.</summary>
    public void Validate()
    {
        if (Count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Count), Count, "Count must be 0 or more.");
        }

        if (Concurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "Concurrency must be at least 1.");
        }

        if (RampPerSecond is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RampPerSecond), RampPerSecond, "RampPerSecond must be positive, or null for no ramp.");
        }
    }
}
