using WsProxyLab.Load.Running;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>What one measurement of one target produced: the engine's results and the target's resource use.</summary>
/// <param name="Input">What it ran against.</param>
/// <param name="Results">The engine's result of each scenario, the primary one first.</param>
/// <param name="Usage">The target's CPU and memory over the measured window.</param>
internal sealed record MeasurementOutput(MeasurementInput Input, IReadOnlyList<ScenarioResult> Results, TargetUsage Usage)
{
    public ScenarioResult Primary => Results[0];

    /// <summary>A step of any of the scenarios (the primary one first); all zero when no scenario ran it.</summary>
    public StepStats Step(string name) =>
        Results.SelectMany(result => result.Steps.Concat(result.WebSockets)).FirstOrDefault(step => step.Name == name) ?? EmptyStep(name);

    /// <summary>How many responses of <paramref name="step"/> carried each status or close code, ok and failed together.</summary>
    public IReadOnlyDictionary<string, long> Codes(string step)
    {
        var stats = Step(step);
        return stats.Ok.StatusCodes.Concat(stats.Fail.StatusCodes).GroupBy(code => code.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(code => code.Value), StringComparer.Ordinal);
    }

    /// <summary>A step that never ran: zero responses.</summary>
    public static StepStats EmptyStep(string name)
    {
        var none = new StatsBlock(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, long>());
        return new StepStats(name, none, none);
    }
}
