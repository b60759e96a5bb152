using Microsoft.Extensions.Logging;

namespace WsProxyLab.Load.Scenarios;

/// <summary>What a scenario's init and clean functions get, as NBomber's <c>IScenarioInitContext</c>.</summary>
/// <param name="ScenarioName">The scenario's name.</param>
/// <param name="Logger">The scenario's logger.</param>
/// <param name="CancellationToken">Cancelled when the run is stopped.</param>
public sealed record ScenarioInitContext(string ScenarioName, ILogger Logger, CancellationToken CancellationToken)
{
    /// <summary>The scenario's WebSocket sessions and messages (k6's <c>ws_*</c> metrics): connections opened in init are counted here.</summary>
    public Statistics.WebSocketMetrics WebSockets { get; init; } = new();

    /// <summary>Where steps recorded in init go: the measured run's statistics (connections a pool opened in init).</summary>
    internal Statistics.StatsRecorder? Recorder { get; init; }
}
