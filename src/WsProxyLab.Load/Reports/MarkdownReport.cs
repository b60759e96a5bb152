using System.Text;
using WsProxyLab.Load.Running;
using WsProxyLab.Load.Statistics;
using static WsProxyLab.Load.Reports.ReportFormat;

namespace WsProxyLab.Load.Reports;

/// <summary>The run as Markdown: per scenario a table of its invocations and steps (ok and fail), then its thresholds.</summary>
public static class MarkdownReport
{
    /// <summary>Renders <paramref name="run"/>.</summary>
    public static string Render(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder();
        text.Append("# Load run against ").Append(run.Target).Append('\n').Append('\n');
        text.Append("Started ").Append(run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture)).Append(". Latencies in ms.\n");
        foreach (var scenario in run.Scenarios)
        {
            text.Append('\n').Append("## ").Append(scenario.Name).Append('\n').Append('\n');
            text.Append("Measured for ").Append(Number(scenario.Duration.TotalSeconds, "0.0")).Append(" s")
                .Append(scenario.StoppedBecause is null ? "." : $"; stopped early: {scenario.StoppedBecause}.").Append('\n').Append('\n');
            if (scenario.Invalid is not null)
            {
                text.Append("**Invalid run**: ").Append(scenario.Invalid).Append(".\n\n");
            }

            text.Append("| step | outcome | count | RPS | min | mean | p50 | p75 | p95 | p99 | p99.9 | max | stddev | bytes | status codes |\n");
            text.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var stats in scenario.Steps.Prepend(scenario.Invocations))
            {
                Row(text, stats.Name == scenario.Name ? $"{stats.Name} (invocation)" : stats.Name, "ok", stats.Ok);
                Row(text, string.Empty, "fail", stats.Fail);
            }

            if (scenario.WebSockets.Count > 0)
            {
                text.Append("\n| k6 metric | count | ").AppendJoin(" | ", WebSocketMetricColumns).Append(" |\n|---|---|")
                    .Append(string.Concat(Enumerable.Repeat("---|", WebSocketMetricColumns.Count))).Append('\n');
                foreach (var metric in scenario.WebSockets)
                {
                    text.Append("| ").Append(metric.Name).Append(" | ").Append(metric.Ok.Count).Append(" | ")
                        .AppendJoin(" | ", WebSocketMetricCells(metric)).Append(" |\n");
                }
            }

            if (scenario.Timeline.Count > 0)
            {
                text.Append("\n| second | in flight | ok | failed | p99 | connections held | msgs sent | msgs received | generator CPU % | GC pause ms | pool queue |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
                foreach (var sample in scenario.Timeline)
                {
                    text.Append("| ").Append(sample.Second).Append(" | ").Append(sample.InFlight).Append(" | ").Append(sample.Ok).Append(" | ").Append(sample.Failed)
                        .Append(" | ").Append(Ms(sample.P99Microseconds)).Append(" | ").Append(sample.ConnectionsHeld).Append(" | ").Append(sample.MessagesSent)
                        .Append(" | ").Append(sample.MessagesReceived).Append(" | ").Append(Number(sample.GeneratorCpuPercent, "0")).Append(" | ")
                        .Append(Number(sample.GeneratorGcPauseMilliseconds, "0.#")).Append(" | ").Append(sample.ThreadPoolQueueLength).Append(" |\n");
                }
            }

            if (scenario.Thresholds.Count > 0)
            {
                text.Append('\n');
                foreach (var threshold in scenario.Thresholds)
                {
                    text.Append("- ").Append(threshold.Passed ? "PASS" : "FAIL").Append(" `").Append(threshold.Description).Append('`')
                        .Append(threshold.Message is null ? string.Empty : $": {threshold.Message}").Append('\n');
                }
            }
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string step, string outcome, StatsBlock block) =>
        text.Append("| ").Append(step).Append(" | ").Append(outcome).Append(" | ").Append(block.Count).Append(" | ").Append(Number(block.Rps, "0.0"))
            .Append(" | ").Append(Ms(block.MinMicroseconds)).Append(" | ").Append(Ms(block.MeanMicroseconds)).Append(" | ").Append(Ms(block.P50Microseconds))
            .Append(" | ").Append(Ms(block.P75Microseconds)).Append(" | ").Append(Ms(block.P95Microseconds)).Append(" | ").Append(Ms(block.P99Microseconds))
            .Append(" | ").Append(Ms(block.P999Microseconds)).Append(" | ").Append(Ms(block.MaxMicroseconds)).Append(" | ").Append(Ms(block.StdDevMicroseconds))
            .Append(" | ").Append(block.Bytes).Append(" | ").Append(Codes(block.StatusCodes)).Append(" |\n");
}
