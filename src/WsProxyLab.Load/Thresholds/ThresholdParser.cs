using System.Globalization;
using System.Text.RegularExpressions;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Thresholds;

/// <summary>
/// Reads thresholds written as text, k6-style: <c>[step:] metric op value[unit]</c>. Metrics: latency percentiles of
/// successful responses (<c>p50</c>, <c>p75</c>, <c>p95</c>, <c>p99</c>, <c>p99.9</c>, <c>min</c>, <c>mean</c>,
/// <c>max</c>, <c>stddev</c>; units <c>us</c>, <c>ms</c>, <c>s</c>), <c>ok.count</c>, <c>fail.count</c>, <c>ok.rps</c>,
/// <c>fail.percent</c>, and <c>status.CODE.percent</c> (a status or close code's share of all responses).
/// </summary>
internal static partial class ThresholdParser
{
    private const string Grammar = "write '[step:] metric op value[unit]', e.g. 'p99 < 5ms', 'fail.percent < 0.1' or 'echo: status.1006.percent == 0'";

    public static Threshold Parse(string text, Func<string, string?, Func<StepStats, (bool, double)>, Threshold> create)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Expression().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"Threshold '{text}' cannot be read; {Grammar}.");
        }

        var step = match.Groups["step"].Success ? match.Groups["step"].Value.Trim() : null;
        var metric = match.Groups["metric"].Value.ToLowerInvariant();
        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var read = Metric(text, metric, unit, ref value);
        var compare = Comparison(match.Groups["op"].Value);
        var limit = value;
        return create(text.Trim(), step, stats =>
        {
            var actual = read(stats);
            return (compare(actual, limit), actual);
        });
    }

    private static Func<StepStats, double> Metric(string text, string metric, string unit, ref double value)
    {
        Func<StepStats, double>? latency = metric switch
        {
            "p50" => stats => stats.Ok.P50Microseconds,
            "p75" => stats => stats.Ok.P75Microseconds,
            "p95" => stats => stats.Ok.P95Microseconds,
            "p99" => stats => stats.Ok.P99Microseconds,
            "p99.9" => stats => stats.Ok.P999Microseconds,
            "min" => stats => stats.Ok.MinMicroseconds,
            "mean" => stats => stats.Ok.MeanMicroseconds,
            "max" => stats => stats.Ok.MaxMicroseconds,
            "stddev" => stats => stats.Ok.StdDevMicroseconds,
            _ => null,
        };
        if (latency is not null)
        {
            value *= unit switch
            {
                "us" => 1,
                "ms" => 1_000,
                "s" => 1_000_000,
                _ => throw new FormatException($"Threshold '{text}' compares a latency without a unit; add us, ms or s to the value."),
            };
            return latency;
        }

        Func<StepStats, double>? figure = metric switch
        {
            "ok.count" => stats => stats.Ok.Count,
            "fail.count" => stats => stats.Fail.Count,
            "ok.rps" => stats => stats.Ok.Rps,
            "fail.percent" => stats => stats.FailPercent,
            _ when StatusPercent().Match(metric) is { Success: true } status => StatusShare(status.Groups["code"].Value),
            _ => null,
        };
        if (figure is null)
        {
            throw new FormatException($"Threshold '{text}' names an unknown metric '{metric}'; use p50, p75, p95, p99, p99.9, min, mean, max, stddev, ok.count, fail.count, ok.rps, fail.percent or status.CODE.percent.");
        }

        return unit.Length == 0
            ? figure
            : throw new FormatException($"Threshold '{text}' gives a unit to '{metric}', which is not a latency; drop '{unit}'.");
    }

    private static Func<StepStats, double> StatusShare(string code) =>
        stats => stats.Count == 0 ? 0 : 100.0 * (stats.Ok.StatusCodes.GetValueOrDefault(code) + stats.Fail.StatusCodes.GetValueOrDefault(code)) / stats.Count;

    private static Func<double, double, bool> Comparison(string op) => op switch
    {
        "<" => (actual, limit) => actual < limit,
        "<=" => (actual, limit) => actual <= limit,
        ">" => (actual, limit) => actual > limit,
        ">=" => (actual, limit) => actual >= limit,
        _ => (actual, limit) => actual == limit,
    };

    [GeneratedRegex(@"^\s*(?:(?<step>[^:<>=]+):)?\s*(?<metric>[A-Za-z][\w.]*)\s*(?<op><=|>=|==|<|>)\s*(?<value>\d+(?:\.\d+)?)\s*(?<unit>[A-Za-z]*)\s*$")]
    private static partial Regex Expression();

    [GeneratedRegex(@"^status\.(?<code>\w+)\.percent$")]
    private static partial Regex StatusPercent();
}
