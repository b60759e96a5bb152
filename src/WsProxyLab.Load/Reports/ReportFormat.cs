using System.Globalization;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Reports;

/// <summary>How the text reports write figures: invariant culture, latencies in milliseconds with three decimals.</summary>
internal static class ReportFormat
{
    public static string Ms(double microseconds) => (microseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The header of a k6 metric's row after its name and count.</summary>
    public static IReadOnlyList<string> WebSocketMetricColumns { get; } = ["per second", "min", "mean", "p50", "p95", "p99", "max"];

    /// <summary>A k6 metric's cells under <see cref="WebSocketMetricColumns"/>, as k6 prints them: a counter with its rate, a trend with its latencies.</summary>
    public static string[] WebSocketMetricCells(StepStats metric)
    {
        var block = metric.Ok;
        return WebSocketMetricNames.IsTrend(metric.Name)
            ? ["—", Ms(block.MinMicroseconds), Ms(block.MeanMicroseconds), Ms(block.P50Microseconds), Ms(block.P95Microseconds), Ms(block.P99Microseconds), Ms(block.MaxMicroseconds)]
            : [Number(block.Rps, "0.0"), "—", "—", "—", "—", "—", "—"];
    }

    public static string Codes(IReadOnlyDictionary<string, long> codes) =>
        string.Join(" ", codes.OrderBy(code => code.Key, StringComparer.Ordinal).Select(code => $"{code.Key}:{code.Value}"));
}
