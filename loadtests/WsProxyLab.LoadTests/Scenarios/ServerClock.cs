using System.Diagnostics;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>Turns a server's timestamp (µs since the Unix epoch, same clock on loopback) into a <see cref="Stopwatch"/> timestamp, so <c>Step.RunFrom</c> measures from it.</summary>
internal static class ServerClock
{
    public static long ToStopwatchTimestamp(long unixMicroseconds)
    {
        var ageMicroseconds = ((DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond) - unixMicroseconds;
        return Stopwatch.GetTimestamp() - (long)(ageMicroseconds * (Stopwatch.Frequency / 1_000_000.0));
    }
}
