namespace WsProxyLab.LoadTests.Compare.Reports;

/// <summary>
/// One figure of one target in one measurement, with everything the reports print beside it: its range over the
/// repeats, its ratio to direct and to nginx in the same run, the latency it adds over direct, its change against a baseline.
/// </summary>
internal sealed record CompareRow(
    IMeasurement Measurement,
    string Target,
    FigureSummary Figure,
    double? VsDirect,
    double? VsNginx,
    double? AddedOverDirect,
    double? BaselineChangePercent)
{
    /// <summary>Whether a ratio says something: not for shares in percent, not for a zero, not for direct (the baseline itself).</summary>
    public bool RatiosMeaningful => Target != CompareTargets.Direct && Figure.Median != 0 && !Figure.Unit.StartsWith('%') && !double.IsInfinity(Figure.Median);

    /// <summary>Every figure of every measured cell, in suite, figure and target order.</summary>
    public static IReadOnlyList<CompareRow> All(CompareResult run) =>
        [.. run.Suite.Measurements.SelectMany(measurement => Of(run, measurement))];

    /// <summary>The rows of one measurement, figure by figure, each target in run order.</summary>
    public static IReadOnlyList<CompareRow> Of(CompareResult run, IMeasurement measurement)
    {
        var figureNames = run.Targets.SelectMany(target => run.Cell(measurement.Name, target).Summary.Select(summary => summary.Name)).Distinct(StringComparer.Ordinal).ToList();
        var rows = new List<CompareRow>();
        foreach (var name in figureNames)
        {
            foreach (var target in run.Targets)
            {
                var summary = run.Cell(measurement.Name, target).Summary.FirstOrDefault(candidate => candidate.Name == name);
                if (summary is null)
                {
                    continue;
                }

                var direct = run.Median(measurement.Name, CompareTargets.Direct, name);
                rows.Add(new CompareRow(measurement, target, summary,
                    run.Ratio(measurement.Name, target, name, CompareTargets.Direct),
                    run.Ratio(measurement.Name, target, name, CompareTargets.Nginx),
                    summary.IsLatency && direct is { } baseline ? summary.Median - baseline : null,
                    run.Baseline?.ChangePercent(measurement.Name, target, name, summary.Median)));
            }
        }

        return rows;
    }
}
