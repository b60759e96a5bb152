namespace WsProxyLab.Load.Running;

/// <summary>A whole run, immutable: every report is rendered from it.</summary>
/// <param name="StartedAt">When the measured load began.</param>
/// <param name="Target">What was loaded (a URL), for the reports' titles.</param>
/// <param name="Scenarios">Each scenario's result, in the order they were registered.</param>
public sealed record RunResult(DateTimeOffset StartedAt, string Target, IReadOnlyList<ScenarioResult> Scenarios)
{
    /// <summary>The version of the JSON report's schema; it changes when a field is renamed or removed.</summary>
    public const int SchemaVersion = 1;
}
