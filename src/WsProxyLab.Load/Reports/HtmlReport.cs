using System.Globalization;
using System.Net;
using System.Text;
using WsProxyLab.Load.Running;
using WsProxyLab.Load.Statistics;
using static WsProxyLab.Load.Reports.ReportFormat;

namespace WsProxyLab.Load.Reports;

/// <summary>
/// The run as one self-contained HTML file (no script, no external resource): per scenario its figures and a chart of
/// the latency percentiles of each step's successful responses, drawn as inline SVG.
/// </summary>
public static class HtmlReport
{
    private const int ChartWidth = 640;
    private const int BarHeight = 14;
    private const int LabelWidth = 140;

    private static readonly (string Name, Func<StatsBlock, long> Read)[] Percentiles =
    [
        ("p50", block => block.P50Microseconds),
        ("p75", block => block.P75Microseconds),
        ("p95", block => block.P95Microseconds),
        ("p99", block => block.P99Microseconds),
        ("p99.9", block => block.P999Microseconds),
    ];

    /// <summary>Renders <paramref name="run"/>.</summary>
    public static string Render(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Load run against ").Append(Encode(run.Target)).Append("</title>");
        html.Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}")
            .Append("td:first-child,th:first-child{text-align:left}.pass{color:#070}.fail{color:#b00}</style></head><body>");
        html.Append("<h1>Load run against ").Append(Encode(run.Target)).Append("</h1><p>Started ")
            .Append(run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)).Append(". Latencies in ms.</p>");
        foreach (var scenario in run.Scenarios)
        {
            html.Append("<h2>").Append(Encode(scenario.Name)).Append("</h2><p>Measured for ").Append(Number(scenario.Duration.TotalSeconds, "0.0")).Append(" s")
                .Append(scenario.StoppedBecause is null ? "." : $"; stopped early: {Encode(scenario.StoppedBecause)}.").Append("</p>");
            html.Append("<table><tr><th>step</th><th>ok</th><th>fail</th><th>RPS</th><th>p50</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th><th>status codes</th></tr>");
            var all = scenario.Steps.Prepend(scenario.Invocations).ToList();
            foreach (var stats in all)
            {
                html.Append("<tr><td>").Append(Encode(stats.Name)).Append("</td><td>").Append(stats.Ok.Count).Append("</td><td>").Append(stats.Fail.Count)
                    .Append("</td><td>").Append(Number(stats.Ok.Rps, "0.0")).Append("</td><td>").Append(Ms(stats.Ok.P50Microseconds)).Append("</td><td>")
                    .Append(Ms(stats.Ok.P95Microseconds)).Append("</td><td>").Append(Ms(stats.Ok.P99Microseconds)).Append("</td><td>").Append(Ms(stats.Ok.P999Microseconds))
                    .Append("</td><td>").Append(Ms(stats.Ok.MaxMicroseconds)).Append("</td><td>")
                    .Append(Encode(Codes(stats.Ok.StatusCodes.Concat(stats.Fail.StatusCodes).GroupBy(code => code.Key).ToDictionary(code => code.Key, code => code.Sum(c => c.Value)))))
                    .Append("</td></tr>");
            }

            html.Append("</table>");
            AppendWebSocketMetrics(html, scenario.WebSockets);
            if (scenario.Invalid is not null)
            {
                html.Append("<p class=\"fail\">Invalid run: ").Append(Encode(scenario.Invalid)).Append(".</p>");
            }

            AppendChart(html, all);
            AppendTimeline(html, scenario.Timeline);
            foreach (var threshold in scenario.Thresholds)
            {
                html.Append("<p class=\"").Append(threshold.Passed ? "pass\">PASS" : "fail\">FAIL").Append(" <code>").Append(Encode(threshold.Description)).Append("</code>")
                    .Append(threshold.Message is null ? string.Empty : $": {Encode(threshold.Message)}").Append("</p>");
            }
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static void AppendChart(StringBuilder html, IReadOnlyList<StepStats> steps)
    {
        var withData = steps.Where(stats => stats.Ok.Count > 0).ToList();
        if (withData.Count == 0)
        {
            return;
        }

        var scale = Math.Max(1, withData.Max(stats => stats.Ok.P999Microseconds));
        var rows = withData.Count * Percentiles.Length;
        html.Append(CultureInfo.InvariantCulture, $"<h3>Latency percentiles (ok), longest bar {Ms(scale)} ms</h3><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth + LabelWidth + 80}\" height=\"{(rows * (BarHeight + 2)) + (withData.Count * 8)}\" role=\"img\">");
        var y = 0;
        foreach (var stats in withData)
        {
            foreach (var (name, read) in Percentiles)
            {
                var value = read(stats.Ok);
                var width = Math.Max(1, (int)(ChartWidth * value / (double)scale));
                html.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + BarHeight - 3}\" font-size=\"11\">{Encode(stats.Name)} {name}</text>");
                html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{width}\" height=\"{BarHeight}\" fill=\"#4a7bd0\"><title>{Ms(value)} ms</title></rect>");
                html.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + width + 4}\" y=\"{y + BarHeight - 3}\" font-size=\"11\">{Ms(value)}</text>");
                y += BarHeight + 2;
            }

            y += 8;
        }

        html.Append("</svg>");
    }

    /// <summary>Two line charts over the run's seconds: successful invocations per second, and their p99 in ms.</summary>
    private static void AppendTimeline(StringBuilder html, IReadOnlyList<TimelineSample> timeline)
    {
        if (timeline.Count < 2)
        {
            return;
        }

        AppendLine(html, "Invocations per second (ok)", timeline, sample => sample.Ok, value => Number(value, "0"));
        AppendLine(html, "p99 per second (ms)", timeline, sample => sample.P99Microseconds, value => Ms(value));
        if (timeline.Any(sample => sample.ConnectionsHeld > 0))
        {
            AppendLine(html, "WebSocket connections held", timeline, sample => sample.ConnectionsHeld, value => Number(value, "0"));
            AppendLine(html, "WebSocket messages received per second", timeline, sample => sample.MessagesReceived, value => Number(value, "0"));
        }
    }

    /// <summary>k6's WebSocket metrics: trends with their latencies, counters with their count and rate.</summary>
    private static void AppendWebSocketMetrics(StringBuilder html, IReadOnlyList<StepStats> metrics)
    {
        if (metrics.Count == 0)
        {
            return;
        }

        html.Append("<h3>WebSocket (k6's metrics)</h3><table><tr><th>metric</th><th>count</th>");
        foreach (var column in WebSocketMetricColumns)
        {
            html.Append("<th>").Append(column).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var metric in metrics)
        {
            html.Append("<tr><td>").Append(Encode(metric.Name)).Append("</td><td>").Append(metric.Ok.Count).Append("</td>");
            foreach (var value in WebSocketMetricCells(metric))
            {
                html.Append("<td>").Append(value).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static void AppendLine(StringBuilder html, string title, IReadOnlyList<TimelineSample> timeline, Func<TimelineSample, double> read, Func<double, string> label)
    {
        const int Height = 120;
        var max = Math.Max(1, timeline.Max(read));
        var step = ChartWidth / (double)(timeline.Count - 1);
        var points = string.Join(" ", timeline.Select((sample, index) =>
            string.Create(CultureInfo.InvariantCulture, $"{index * step:0.#},{Height - (Height * read(sample) / max):0.#}")));
        html.Append("<h3>").Append(Encode(title)).Append(", highest ").Append(label(max)).Append("</h3>");
        html.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"{Height + 2}\" role=\"img\"><polyline fill=\"none\" stroke=\"#4a7bd0\" stroke-width=\"2\" points=\"{points}\"/></svg>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
