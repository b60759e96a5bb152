using System.Globalization;
using System.Text;
using static WsProxyLab.LoadTests.Compare.Reports.CompareFormat;

namespace WsProxyLab.LoadTests.Compare.Reports;

/// <summary>The run as Markdown sized for a PR comment: one table per concern, targets as columns, failed thresholds listed.</summary>
internal static class CompareMarkdownReport
{
    public static string Render(CompareResult run)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"## compare --suite {run.Suite.Name}: {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {run.Repeats} repeat(s), {run.WallTime.TotalMinutes:0.0} min\n\n");
        if (run.Partial is not null)
        {
            text.Append("**Partial:** ").Append(run.Partial).Append(".\n\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"{run.Suite.Description}. nginx and HAProxy as {run.PeerMode}; {Environment.ProcessorCount} cores shared by generator, targets and replicas. ")
            .Append("Each cell: the median over the repeats; latencies add the time over direct, other figures their ratio to nginx.\n\n");
        foreach (var target in run.Targets)
        {
            text.Append("- **").Append(target).Append("**: ")
                .Append(run.Unavailable.TryGetValue(target, out var why) ? $"unavailable: {why}" : run.TargetDetails.GetValueOrDefault(target, "?")).Append('\n');
        }

        foreach (var matrix in CompareMatrix.Of(run))
        {
            text.Append("\n### ").Append(matrix.Title).Append("\n\n| case |").Append(string.Concat(matrix.Targets.Select(target => $" {target} |")))
                .Append("\n|---|").Append(string.Concat(matrix.Targets.Select(_ => "---|"))).Append('\n');
            foreach (var row in matrix.Rows)
            {
                text.Append("| ").Append(row.Case).Append(" |").Append(string.Concat(row.Answers.Select(answer => $" {answer.Replace("|", "\\|", StringComparison.Ordinal)} |"))).Append('\n');
            }
        }

        foreach (var concern in run.Suite.Measurements.Select(measurement => measurement.Concern).Distinct(StringComparer.Ordinal))
        {
            text.Append("\n### ").Append(concern).Append("\n\n| measurement | figure |");
            foreach (var target in run.Targets)
            {
                text.Append(' ').Append(target).Append(" |");
            }

            text.Append("\n|---|---|").Append(string.Concat(run.Targets.Select(_ => "---:|"))).Append('\n');
            foreach (var measurement in run.Suite.Measurements.Where(candidate => candidate.Concern == concern))
            {
                var rows = CompareRow.Of(run, measurement);
                var figures = rows.Select(row => row.Figure.Name).Distinct(StringComparer.Ordinal).ToList();
                if (figures.Count == 0)
                {
                    text.Append("| ").Append(measurement.Name).Append(" | |");
                    foreach (var target in run.Targets)
                    {
                        text.Append(' ').Append(Status(run.Cell(measurement.Name, target))).Append(" |");
                    }

                    text.Append('\n');
                    continue;
                }

                foreach (var figure in figures)
                {
                    var unit = rows.First(row => row.Figure.Name == figure).Figure.Unit;
                    text.Append("| ").Append(figure == figures[0] ? measurement.Name : string.Empty).Append(" | ").Append(figure).Append(" (").Append(unit).Append(") |");
                    foreach (var target in run.Targets)
                    {
                        var row = rows.FirstOrDefault(candidate => candidate.Target == target && candidate.Figure.Name == figure);
                        text.Append(' ').Append(row is null ? Status(run.Cell(measurement.Name, target)) : Cell(row)).Append(" |");
                    }

                    text.Append('\n');
                }
            }
        }

        AppendVerdicts(text, run);
        return text.ToString();
    }

    private static string Cell(CompareRow row)
    {
        var value = new StringBuilder(Number(row.Figure.Median));
        if (row.Figure.Repeats > 1 && row.Figure.Min != row.Figure.Max)
        {
            value.Append(" (").Append(Number(row.Figure.Min)).Append('–').Append(Number(row.Figure.Max)).Append(')');
        }

        if (row.Target != CompareTargets.Direct && row.AddedOverDirect is { } added)
        {
            value.Append(CultureInfo.InvariantCulture, $" {(added >= 0 ? "+" : "−")}{Number(Math.Abs(added))}");
        }
        else if (row.RatiosMeaningful && row.Target != CompareTargets.Nginx && row.VsNginx is { } ratio)
        {
            value.Append(' ').Append(Ratio(ratio)).Append(" nginx");
        }

        if (row.BaselineChangePercent is { } change)
        {
            value.Append(" Δ").Append(Change(change));
        }

        return value.ToString();
    }

    private static void AppendVerdicts(StringBuilder text, CompareResult run)
    {
        foreach (var reason in run.InvalidReasons)
        {
            text.Append("\n**Invalid:** ").Append(reason).Append('\n');
        }

        if (run.Thresholds.Count == 0)
        {
            return;
        }

        var failed = run.Thresholds.Where(threshold => !threshold.Passed).ToList();
        text.Append(CultureInfo.InvariantCulture, $"\n### Thresholds: {run.Thresholds.Count - failed.Count} passed, {failed.Count} failed\n\n");
        foreach (var threshold in failed)
        {
            text.Append(CultureInfo.InvariantCulture, $"- FAIL line {threshold.Line} `{threshold.Text}` for {threshold.Target}: {threshold.Message}\n");
        }
    }
}
