namespace WsProxyLab.LoadTests.Compare;

/// <summary>One measured number of a cell: <c>p99</c> 0.84 ms, <c>cpu_per_msg</c> 61 µs, <c>same_replica</c> 100 %.</summary>
/// <param name="Name">Its name in reports and thresholds (<c>figure.NAME</c>).</param>
/// <param name="Value">The value, in <paramref name="Unit"/>; +∞ where a ratio's divisor was zero.</param>
/// <param name="Unit">The unit as reports print it.</param>
internal sealed record Figure(string Name, double Value, string Unit)
{
    /// <summary>A latency, also shown as the time added over the direct connection.</summary>
    public bool IsLatency { get; init; }
}
