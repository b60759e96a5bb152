using System.Globalization;
using System.Net;
using System.Text;
using HdrHistogram;
using WsProxyLab.Load.Statistics;
using static WsProxyLab.LoadTests.Compare.Reports.CompareFormat;

namespace WsProxyLab.LoadTests.Compare.Reports;

/// <summary>
/// The run as one self-contained HTML page (no script, no external resource): per measurement its table and the
/// latency percentile curves of every target; bars with their range for the cost figures; the replicas' shares for
/// the sticky measurements; each target's CPU timeline; the capability matrices and the thresholds.
/// </summary>
internal static class CompareHtmlReport
{
    private static readonly double[] CurvePercentiles = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99];

    /// <summary>Figures drawn as bars with their range: what each target costs.</summary>
    private static readonly string[] CostFigures = ["cpu_per_msg", "kib_per_conn", "cpu_per_handshake", "cpu_per_mb", "mb_per_s"];

    public static string Render(CompareResult run)
    {
        var html = new StringBuilder();
        var title = $"compare --suite {run.Suite.Name}, {run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Encode(title)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}")
            .Append("td:first-child,th:first-child{text-align:left}.pass{color:#070}.fail{color:#b00}.na{color:#888}figure{margin:1em 0}figcaption{font-weight:bold;font-size:.9em}pre{background:#f6f6f6;padding:.5em;overflow:auto}</style></head><body>");
        html.Append("<h1>").Append(Encode(title)).Append("</h1><p>").Append(Encode(run.Suite.Description)).Append(". ")
            .Append(Encode(Invariant($"{run.Repeats} repeat(s), {run.WallTime.TotalMinutes:0.0} min; nginx and HAProxy as {run.PeerMode}; {Environment.ProcessorCount} cores shared by the generator, the targets and the replicas."))).Append("</p>");
        if (run.Partial is not null)
        {
            html.Append("<p class=\"fail\">Partial: ").Append(Encode(run.Partial)).Append(".</p>");
        }

        foreach (var reason in run.InvalidReasons)
        {
            html.Append("<p class=\"fail\">Invalid: ").Append(Encode(reason)).Append(".</p>");
        }

        AppendTargets(html, run);
        AppendThresholds(html, run);
        foreach (var matrix in CompareMatrix.Of(run))
        {
            html.Append("<h2>").Append(Encode(matrix.Title)).Append("</h2><table><tr><th>case</th>").Append(string.Concat(matrix.Targets.Select(target => $"<th>{Encode(target)}</th>"))).Append("</tr>");
            foreach (var row in matrix.Rows)
            {
                html.Append("<tr><td title=\"").Append(Encode(row.Measurement)).Append("\">").Append(Encode(row.Case)).Append("</td>")
                    .Append(string.Concat(row.Answers.Select(answer => $"<td style=\"text-align:left\">{Encode(answer)}</td>"))).Append("</tr>");
            }

            html.Append("</table>");
        }

        foreach (var concern in run.Suite.Measurements.Select(measurement => measurement.Concern).Distinct(StringComparer.Ordinal))
        {
            html.Append("<h2>").Append(Encode(concern)).Append("</h2>");
            foreach (var measurement in run.Suite.Measurements.Where(candidate => candidate.Concern == concern))
            {
                AppendMeasurement(html, run, measurement);
            }
        }

        html.Append("<h2>Target timelines</h2><p>Each target's CPU (percent of one core) over the measured seconds of every measurement, in run order.</p>");
        foreach (var target in run.Targets.Where(target => target != CompareTargets.Direct))
        {
            var segments = run.Suite.Measurements.SelectMany(measurement => run.Cell(measurement.Name, target).Runs
                .Select(cellRun => (Label: measurement.Name, Values: (IReadOnlyList<double>)[.. cellRun.Timeline.Select(point => point.CpuPercent)])))
                .Where(segment => segment.Values.Count > 0).ToList();
            html.Append(SvgCharts.Timeline($"{target}: CPU %", SvgCharts.ColourOf(run.Targets, target), segments));
        }

        html.Append("<h2>Capabilities</h2><p>What each target cannot fully express of each profile the run used, as its renderer says.</p>");
        foreach (var (variant, matrix) in run.Capabilities)
        {
            html.Append("<h3>").Append(Encode(variant)).Append("</h3><pre>").Append(Encode(matrix.ToMarkdown())).Append("</pre>");
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static void AppendTargets(StringBuilder html, CompareResult run)
    {
        html.Append("<table><tr><th>target</th><th>state</th></tr>");
        foreach (var target in run.Targets)
        {
            html.Append("<tr><td>").Append(Encode(target)).Append("</td><td style=\"text-align:left\">")
                .Append(run.Unavailable.TryGetValue(target, out var why) ? $"<span class=\"fail\">unavailable: {Encode(why)}</span>" : Encode(run.TargetDetails.GetValueOrDefault(target, "?")))
                .Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendThresholds(StringBuilder html, CompareResult run)
    {
        if (run.Thresholds.Count == 0)
        {
            return;
        }

        var failed = run.Thresholds.Count(threshold => !threshold.Passed);
        html.Append(Invariant($"<h2>Thresholds: {run.Thresholds.Count - failed} passed, {failed} failed</h2><table><tr><th>line</th><th>threshold</th><th>target</th><th>verdict</th></tr>"));
        foreach (var threshold in run.Thresholds)
        {
            html.Append(Invariant($"<tr><td>{threshold.Line}</td><td style=\"text-align:left\"><code>{Encode(threshold.Text)}</code></td><td>{Encode(threshold.Target)}</td><td class=\"{(threshold.Passed ? "pass" : "fail")}\" style=\"text-align:left\">{(threshold.Passed ? "PASS" : "FAIL")} {Encode(threshold.Message)}</td></tr>"));
        }

        html.Append("</table>");
    }

    private static void AppendMeasurement(StringBuilder html, CompareResult run, IMeasurement measurement)
    {
        html.Append("<h3 id=\"").Append(Encode(measurement.Name)).Append("\">").Append(Encode(measurement.Name)).Append("</h3><p>").Append(Encode(measurement.Description))
            .Append(" (profile <code>").Append(Encode(measurement.Variant.Name)).Append("</code>).</p>");
        var rows = CompareRow.Of(run, measurement);
        html.Append("<table class=\"cells\"><tr><th>figure</th>");
        foreach (var target in run.Targets)
        {
            html.Append("<th>").Append(Encode(target)).Append("</th>");
        }

        html.Append("</tr>");
        var figures = rows.Select(row => row.Figure.Name).Distinct(StringComparer.Ordinal).ToList();
        foreach (var figure in figures)
        {
            html.Append("<tr><td>").Append(Encode(figure)).Append("</td>");
            foreach (var target in run.Targets)
            {
                var row = rows.FirstOrDefault(candidate => candidate.Target == target && candidate.Figure.Name == figure);
                html.Append(row is null ? $"<td class=\"na\">{Encode(Status(run.Cell(measurement.Name, target)))}</td>" : $"<td>{Encode(Cell(row))}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
        foreach (var cell in run.Targets.Select(target => run.Cell(measurement.Name, target)).Where(cell => cell.Reason is not null))
        {
            html.Append("<p class=\"na\">").Append(Encode(cell.Target)).Append(": ").Append(Encode(Status(cell))).Append(", ").Append(Encode(cell.Reason!)).Append("</p>");
        }

        html.Append(SvgCharts.PercentileCurves($"{measurement.Name}: {measurement.LatencyStep} latency by percentile (all repeats merged)", Curves(run, measurement)));
        foreach (var figure in CostFigures.Where(figures.Contains))
        {
            var bars = rows.Where(row => row.Figure.Name == figure).Select(row => (row.Target, SvgCharts.ColourOf(run.Targets, row.Target), row.Figure)).ToList();
            html.Append(SvgCharts.BarsWithRange($"{measurement.Name}: {figure} (median, range over repeats)", bars[0].Figure.Unit, bars));
        }

        AppendCounts(html, run, measurement);
        var distributions = run.Targets.Select(target => (Target: target, Counts: (IReadOnlyDictionary<string, long>)Sum(run.Cell(measurement.Name, target).Runs.Select(cellRun => cellRun.Distributions.GetValueOrDefault("replicas")))))
            .Where(bar => bar.Counts.Count > 0).ToList();
        html.Append(SvgCharts.StackedShares($"{measurement.Name}: connections per replica", distributions));
    }

    /// <summary>The counts other than replicas (close codes, handshake status, chat resumes) as one line per target, all repeats summed.</summary>
    private static void AppendCounts(StringBuilder html, CompareResult run, IMeasurement measurement)
    {
        var names = run.Targets.SelectMany(target => run.Cell(measurement.Name, target).Runs.SelectMany(cellRun => cellRun.Distributions.Keys))
            .Where(name => name != "replicas").Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            html.Append("<table class=\"counts\"><tr><th>").Append(Encode(name)).Append("</th><th style=\"text-align:left\">count by value, all repeats</th></tr>");
            foreach (var target in run.Targets)
            {
                var counts = Sum(run.Cell(measurement.Name, target).Runs.Select(cellRun => cellRun.Distributions.GetValueOrDefault(name)));
                if (counts.Count > 0)
                {
                    html.Append("<tr><td>").Append(Encode(target)).Append("</td><td style=\"text-align:left\">")
                        .Append(Encode(string.Join(", ", counts.OrderByDescending(count => count.Value).Select(count => Invariant($"{count.Key} × {count.Value}"))))).Append("</td></tr>");
                }
            }

            html.Append("</table>");
        }
    }

    private static List<(string Target, string Colour, IReadOnlyList<(double Percentile, double Milliseconds)> Points)> Curves(CompareResult run, IMeasurement measurement)
    {
        var curves = new List<(string Target, string Colour, IReadOnlyList<(double Percentile, double Milliseconds)> Points)>();
        foreach (var target in run.Targets)
        {
            HistogramBase? merged = null;
            foreach (var encoded in run.Cell(measurement.Name, target).Runs.Select(cellRun => cellRun.Histograms.GetValueOrDefault(measurement.LatencyStep)).OfType<string>())
            {
                var histogram = HistogramCodec.Decode(encoded);
                if (merged is null)
                {
                    merged = histogram;
                }
                else
                {
                    merged.Add(histogram);
                }
            }

            if (merged is { TotalCount: > 0 })
            {
                curves.Add((target, SvgCharts.ColourOf(run.Targets, target), [.. CurvePercentiles.Select(percentile => (percentile, merged.GetValueAtPercentile(percentile) / 1000.0))]));
            }
        }

        return curves;
    }

    private static Dictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>?> counts)
    {
        var sum = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in counts.OfType<IReadOnlyDictionary<string, long>>().SelectMany(pairs => pairs))
        {
            sum[key] = sum.GetValueOrDefault(key) + count;
        }

        return sum;
    }

    private static string Cell(CompareRow row)
    {
        var text = new StringBuilder(Figure(row.Figure));
        if (row.Target != CompareTargets.Direct && row.AddedOverDirect is { } added)
        {
            text.Append(Invariant($"; {(added >= 0 ? "+" : "−")}{Number(Math.Abs(added))} over direct"));
        }
        else if (row.RatiosMeaningful && row.VsDirect is { } direct)
        {
            text.Append("; ").Append(Ratio(direct)).Append(" direct");
        }

        if (row.RatiosMeaningful && row.Target != CompareTargets.Nginx && row.VsNginx is { } nginx)
        {
            text.Append("; ").Append(Ratio(nginx)).Append(" nginx");
        }

        if (row.BaselineChangePercent is { } change)
        {
            text.Append("; ").Append(Change(change)).Append(" vs baseline");
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
