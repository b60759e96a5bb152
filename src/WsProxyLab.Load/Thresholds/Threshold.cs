using WsProxyLab.Load.Running;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Thresholds;

/// <summary>
/// A pass/fail condition on a scenario's figures, as NBomber's <c>Threshold.Create</c>; written in code or parsed from
/// text such as <c>"p99 &lt; 5ms"</c>. Checked during the run after <see cref="StartCheckAfter"/>; a threshold that fails
/// <see cref="AbortWhenErrorCount"/> checks stops its scenario.
/// </summary>
public sealed record Threshold
{
    private Threshold(string description, string? step, Func<StepStats, (bool Passed, double Actual)> check)
    {
        Description = description;
        Step = step;
        Check = check;
    }

    /// <summary>How reports name it (its text, or a code threshold's given name).</summary>
    public string Description { get; }

    /// <summary>The step it reads; null for the whole invocation.</summary>
    public string? Step { get; }

    /// <summary>Whether the figures pass, and the value it compared.</summary>
    public Func<StepStats, (bool Passed, double Actual)> Check { get; }

    /// <summary>Live checks start this long into the measured run (the end-of-run check always happens).</summary>
    public TimeSpan StartCheckAfter { get; init; }

    /// <summary>After this many failed live checks the scenario is stopped; null never stops it.</summary>
    public int? AbortWhenErrorCount { get; init; }

    /// <summary>A threshold in code over the invocation's figures (or <paramref name="step"/>'s).</summary>
    public static Threshold Create(string description, Func<StepStats, bool> passes, string? step = null)
    {
        ArgumentNullException.ThrowIfNull(passes);
        return new Threshold(description, step, stats => (passes(stats), double.NaN));
    }

    /// <summary>Parses <c>[step:] metric op value[unit]</c>, for example <c>p99 &lt; 5ms</c>, <c>fail.percent &lt; 0.1</c>, <c>echo: status.1006.percent == 0</c>.</summary>
    public static Threshold Parse(string text) => ThresholdParser.Parse(text, (description, step, check) => new Threshold(description, step, check));

    /// <summary>Evaluates against a scenario's figures.</summary>
    public ThresholdResult Evaluate(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var stats = Step is null ? result.Invocations : result.Steps.Concat(result.WebSockets).FirstOrDefault(step => step.Name == Step);
        if (stats is null)
        {
            return new ThresholdResult(Description, false, double.NaN, $"scenario '{result.Name}' has no step '{Step}'");
        }

        var (passed, actual) = Check(stats);
        return new ThresholdResult(Description, passed, actual, passed ? null : double.IsNaN(actual) ? "failed" : $"failed: the value was {actual:0.###}");
    }
}
