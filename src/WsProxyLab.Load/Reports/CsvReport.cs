using System.Text;
using WsProxyLab.Load.Running;
using WsProxyLab.Load.Statistics;
using static WsProxyLab.Load.Reports.ReportFormat;

namespace WsProxyLab.Load.Reports;

/// <summary>
/// The run as CSV: one row per scenario, step and outcome, then one per k6 WebSocket metric (outcome <c>trend</c> with
/// latencies, or <c>counter</c> with a count and rate); latencies in microseconds.
/// </summary>
public static class CsvReport
{
    private const string Header = "scenario,step,outcome,count,rps,min_us,mean_us,p50_us,p75_us,p95_us,p99_us,p999_us,max_us,stddev_us,bytes,status_codes";

    /// <summary>Renders <paramref name="run"/>.</summary>
    public static string Render(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder(Header).Append('\n');
        foreach (var scenario in run.Scenarios)
        {
            var rows = scenario.Steps.Prepend(scenario.Invocations).SelectMany(stats => new[] { (stats.Name, "ok", stats.Ok), (stats.Name, "fail", stats.Fail) })
                .Concat(scenario.WebSockets.Select(metric => (metric.Name, WebSocketMetricNames.IsTrend(metric.Name) ? "trend" : "counter", metric.Ok)));
            foreach (var (name, outcome, block) in rows)
            {
                text.AppendJoin(',',
                    Quote(scenario.Name), Quote(name == scenario.Name ? string.Empty : name), outcome, block.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Number(block.Rps, "0.###"), Number(block.MinMicroseconds), Number(block.MeanMicroseconds, "0.#"), Number(block.P50Microseconds), Number(block.P75Microseconds),
                    Number(block.P95Microseconds), Number(block.P99Microseconds), Number(block.P999Microseconds), Number(block.MaxMicroseconds),
                    Number(block.StdDevMicroseconds, "0.#"), Number(block.Bytes), Quote(Codes(block.StatusCodes)));
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
