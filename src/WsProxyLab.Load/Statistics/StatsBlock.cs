namespace WsProxyLab.Load.Statistics;

/// <summary>The figures of one outcome (ok or fail) of a step, as NBomber reports them; latencies in microseconds.</summary>
/// <param name="Count">How many.</param>
/// <param name="Rps">How many per second of the measured duration.</param>
/// <param name="MinMicroseconds">Fastest.</param>
/// <param name="MeanMicroseconds">Mean.</param>
/// <param name="MaxMicroseconds">Slowest.</param>
/// <param name="P50Microseconds">Median.</param>
/// <param name="P75Microseconds">75th percentile.</param>
/// <param name="P95Microseconds">95th percentile.</param>
/// <param name="P99Microseconds">99th percentile.</param>
/// <param name="P999Microseconds">99.9th percentile.</param>
/// <param name="StdDevMicroseconds">Standard deviation.</param>
/// <param name="Bytes">Bytes the responses reported.</param>
/// <param name="StatusCodes">How many responses carried each status code.</param>
public sealed record StatsBlock(
    long Count,
    double Rps,
    long MinMicroseconds,
    double MeanMicroseconds,
    long MaxMicroseconds,
    long P50Microseconds,
    long P75Microseconds,
    long P95Microseconds,
    long P99Microseconds,
    long P999Microseconds,
    double StdDevMicroseconds,
    long Bytes,
    IReadOnlyDictionary<string, long> StatusCodes)
{
    /// <summary>The latencies as HdrHistogram's compressed encoding in base64 (<see cref="HistogramCodec"/>); null when none were recorded.</summary>
    public string? Histogram { get; init; }
}
