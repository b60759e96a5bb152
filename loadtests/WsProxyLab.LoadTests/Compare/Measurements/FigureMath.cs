using WsProxyLab.Load.Statistics;

namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>The conversions the measurements share.</summary>
internal static class FigureMath
{
    public static double Milliseconds(long microseconds) => microseconds / 1000.0;

    public static Figure P50(StepStats step) => new("p50", Milliseconds(step.Ok.P50Microseconds), "ms") { IsLatency = true };

    public static Figure P99(StepStats step) => new("p99", Milliseconds(step.Ok.P99Microseconds), "ms") { IsLatency = true };

    public static double Percent(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;

    /// <summary>The largest count over the smallest, the replicas that served nothing included; +∞ when one served nothing.</summary>
    public static double Spread(IReadOnlyList<long> counts) =>
        counts.Count == 0 || counts.Sum() == 0 ? double.PositiveInfinity : counts.Min() == 0 ? double.PositiveInfinity : (double)counts.Max() / counts.Min();

    /// <summary>The target's CPU per unit of work, when it has a process to read.</summary>
    public static IEnumerable<Figure> CpuPer(TargetUsage usage, string name, string unit, double scale = 1)
    {
        if (usage.MicrosecondsPerUnit is { } perUnit)
        {
            yield return new Figure(name, perUnit * scale, unit);
        }
    }

    public static long Count(IReadOnlyDictionary<string, long> codes, string code) => codes.GetValueOrDefault(code);
}
