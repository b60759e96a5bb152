namespace WsProxyLab.Backends.Diagnostics;

/// <summary>Server timestamps as integer microseconds since the Unix epoch, the unit the load engine's histograms use.</summary>
public static class UnixTime
{
    /// <summary>Microseconds since 1970-01-01T00:00:00Z.</summary>
    public static long Microseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}
