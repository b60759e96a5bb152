using WsProxyLab.Load.Statistics;
using WsProxyLab.Load.Thresholds;

namespace WsProxyLab.Load.Running;

/// <summary>One scenario's measured run (warm-up excluded).</summary>
/// <param name="Name">The scenario.</param>
/// <param name="Duration">How long the measured load ran.</param>
/// <param name="Invocations">The scenario's own figures: each whole invocation, under the scenario's name.</param>
/// <param name="Steps">Each step's figures, in name order.</param>
/// <param name="StoppedBecause">Why the scenario stopped early, or null when it ran its simulations to the end.</param>
public sealed record ScenarioResult(string Name, TimeSpan Duration, StepStats Invocations, IReadOnlyList<StepStats> Steps, string? StoppedBecause)
{
    /// <summary>The verdict of each of the scenario's thresholds at the end of the run.</summary>
    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];

    /// <summary>Each second of the measured run.</summary>
    public IReadOnlyList<TimelineSample> Timeline { get; init; } = [];

    /// <summary>
    /// k6's WebSocket metrics (<see cref="WebSocketMetricNames"/>), each named after its metric: trends carry their
    /// latencies in <see cref="StepStats.Ok"/>, counters a count and rate only; empty when the scenario opened no WebSocket.
    /// Thresholds name them as steps (<c>ws_connecting: p95 &lt; 50ms</c>).
    /// </summary>
    public IReadOnlyList<StepStats> WebSockets { get; init; } = [];

    /// <summary>Why the run is invalid because the generator itself was the bottleneck, or null when it kept up.</summary>
    public string? Invalid { get; init; }
}
