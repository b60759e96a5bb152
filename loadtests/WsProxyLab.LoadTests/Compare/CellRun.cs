using WsProxyLab.Load.Running;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>One repeat of one measurement against one target.</summary>
/// <param name="Repeat">Which repeat, from 1.</param>
/// <param name="Figures">What it measured.</param>
/// <param name="Histograms">The latency step's successful responses as an encoded HdrHistogram, by step name.</param>
/// <param name="Distributions">Counts worth drawing (close codes, replicas).</param>
/// <param name="Timeline">The target's CPU and memory per second.</param>
/// <param name="GeneratorCpuPercent">The generator's mean CPU over the run, in percent of one core.</param>
/// <param name="Scenarios">The engine's full results (for thresholds and re-analysis).</param>
internal sealed record CellRun(
    int Repeat,
    IReadOnlyList<Figure> Figures,
    IReadOnlyDictionary<string, string> Histograms,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Distributions,
    IReadOnlyList<UsagePoint> Timeline,
    double GeneratorCpuPercent,
    IReadOnlyList<ScenarioResult> Scenarios)
{
    /// <summary>Why the run does not count: the generator saturated, or the measurement failed to run; null when valid.</summary>
    public string? Invalid { get; init; }
}
