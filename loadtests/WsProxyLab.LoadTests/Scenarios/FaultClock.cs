using System.Diagnostics;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// When a run's fault was made and when its load ends (<see cref="Stopwatch"/> timestamps), shared by the fault and the
/// clients timing their notice of it. What ends after the load stopped sending is not the fault's doing: every proxy's
/// idle timeout then cuts the quiet connections before the runner has closed them.
/// </summary>
internal sealed class FaultClock
{
    private long _madeAt;
    private long _loadEndsAt = long.MaxValue;

    /// <summary>Whether the load is still sending (true until <see cref="ExpectLoadEnd"/> names its end).</summary>
    public bool LoadRunning => Stopwatch.GetTimestamp() < Interlocked.Read(ref _loadEndsAt);

    /// <summary>Records when the load will stop sending, <paramref name="after"/> from now.</summary>
    public void ExpectLoadEnd(TimeSpan after) => Interlocked.Exchange(ref _loadEndsAt, Stopwatch.GetTimestamp() + (long)(after.TotalSeconds * Stopwatch.Frequency));

    /// <summary>The fault's moment, or null before it.</summary>
    public long? MadeAt => Interlocked.Read(ref _madeAt) is var madeAt and not 0 ? madeAt : null;

    /// <summary>Records now as the fault's moment (the first call wins).</summary>
    public void Mark() => Interlocked.CompareExchange(ref _madeAt, Stopwatch.GetTimestamp(), 0);
}
