using WsProxyLab.Load.Simulations;
using WsProxyLab.Load.Thresholds;

namespace WsProxyLab.Load.Scenarios;

/// <summary>
/// A scenario as NBomber's <c>ScenarioProps</c>: its function, init and clean, warm-up, fail limit and load simulations.
/// Immutable: every <c>With…</c> returns a new one.
/// </summary>
public sealed record ScenarioProps
{
    /// <summary>NBomber's default warm-up.</summary>
    public static readonly TimeSpan DefaultWarmUp = TimeSpan.FromSeconds(30);

    /// <summary>NBomber's default fail limit.</summary>
    public const int DefaultMaxFailCount = 5_000;

    internal ScenarioProps(string name, Func<IScenarioContext, Task<Response>> run)
    {
        Name = name;
        Run = run;
    }

    /// <summary>The scenario's name, unique in a run.</summary>
    public string Name { get; }

    /// <summary>One invocation.</summary>
    public Func<IScenarioContext, Task<Response>> Run { get; }

    /// <summary>Runs once before the load (opening shared resources).</summary>
    public Func<ScenarioInitContext, Task>? Init { get; private init; }

    /// <summary>Runs once after the load.</summary>
    public Func<ScenarioInitContext, Task>? Clean { get; private init; }

    /// <summary>The load runs this long first with its statistics discarded.</summary>
    public TimeSpan WarmUp { get; private init; } = DefaultWarmUp;

    /// <summary>More failed invocations than this stop the scenario.</summary>
    public int MaxFailCount { get; private init; } = DefaultMaxFailCount;

    /// <summary>The load phases, in order.</summary>
    public IReadOnlyList<LoadSimulation> LoadSimulations { get; private init; } = [];

    /// <summary>The pass/fail conditions on the scenario's figures.</summary>
    public IReadOnlyList<Threshold> Thresholds { get; private init; } = [];

    /// <summary>Sets the pass/fail conditions.</summary>
    public ScenarioProps WithThresholds(params Threshold[] thresholds) => this with { Thresholds = thresholds };

    /// <summary>Sets the function run once before the load.</summary>
    public ScenarioProps WithInit(Func<ScenarioInitContext, Task> init) => this with { Init = init };

    /// <summary>Sets the function run once after the load.</summary>
    public ScenarioProps WithClean(Func<ScenarioInitContext, Task> clean) => this with { Clean = clean };

    /// <summary>Runs the load for <paramref name="duration"/> first, discarding its statistics.</summary>
    public ScenarioProps WithWarmUpDuration(TimeSpan duration) => this with { WarmUp = duration };

    /// <summary>Measures from the first invocation.</summary>
    public ScenarioProps WithoutWarmUp() => this with { WarmUp = TimeSpan.Zero };

    /// <summary>Stops the scenario once more than <paramref name="count"/> invocations failed.</summary>
    public ScenarioProps WithMaxFailCount(int count) => this with { MaxFailCount = count };

    /// <summary>Sets the load phases.</summary>
    public ScenarioProps WithLoadSimulations(params LoadSimulation[] simulations) => this with { LoadSimulations = simulations };
}
