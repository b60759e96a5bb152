
namespace WsProxyLab.LoadTests.Compare;

/// <summary>Evaluates a run's thresholds: engine conditions in every repeat of a cell, figure conditions on its medians.</summary>
internal static class ThresholdCheck
{
    public static IReadOnlyList<CompareThresholdResult> Evaluate(CompareResult run, IReadOnlyList<CompareThreshold> thresholds)
    {
        var results = new List<CompareThresholdResult>();
        foreach (var threshold in thresholds)
        {
            foreach (var target in run.Targets.Where(threshold.Covers))
            {
                var cell = run.Cell(threshold.Measurement, target);
                var (passed, message) = cell.Status switch
                {
                    CellStatus.NotApplicable => (true, $"not applicable: {cell.Reason}"),
                    CellStatus.Unavailable or CellStatus.Failed => (false, $"not measured: {cell.Reason}"),
                    _ when cell.Runs.Count == 0 => (false, "not measured: the run stopped before this cell"),
                    _ when threshold.Figure is { } figure => figure.Evaluate(run, threshold.Measurement, target),
                    _ => EvaluateEngine(threshold, cell),
                };
                results.Add(new CompareThresholdResult(threshold.Line, threshold.Text, target, threshold.Measurement, passed, message));
            }
        }

        return results;
    }

    /// <summary>The engine's threshold against the scenario that ran its step; a step no scenario ran counts as zero responses.</summary>
    private static (bool Passed, string Message) EvaluateEngine(CompareThreshold threshold, CellResult cell)
    {
        var engine = threshold.Engine!;
        foreach (var run in cell.Runs)
        {
            var scenario = engine.Step is null
                ? run.Scenarios[0]
                : run.Scenarios.FirstOrDefault(result => result.Steps.Concat(result.WebSockets).Any(step => step.Name == engine.Step))
                    ?? run.Scenarios[0] with { Steps = [.. run.Scenarios[0].Steps, MeasurementOutput.EmptyStep(engine.Step)] };
            var verdict = engine.Evaluate(scenario);
            if (!verdict.Passed)
            {
                return (false, $"repeat {run.Repeat}: {verdict.Message}");
            }
        }

        return (true, "passed in every repeat");
    }
}
