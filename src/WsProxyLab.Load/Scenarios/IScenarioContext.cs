using Microsoft.Extensions.Logging;

namespace WsProxyLab.Load.Scenarios;

/// <summary>What one invocation of a scenario knows, as NBomber's <c>IScenarioContext</c>.</summary>
public interface IScenarioContext
{
    /// <summary>The scenario's name.</summary>
    string ScenarioName { get; }

    /// <summary>Which copy runs the invocation: its instance number (closed simulations), or the injection's (open ones).</summary>
    int ScenarioInstanceNumber { get; }

    /// <summary>The invocation's number within the scenario, from 1.</summary>
    long InvocationNumber { get; }

    /// <summary>
    /// When the runner meant the invocation to start, a <see cref="System.Diagnostics.Stopwatch"/> timestamp: for open
    /// simulations its place in the schedule (pass it to <c>Step.RunFrom</c> to count a late start in the latency), for
    /// closed ones the moment the copy started it.
    /// </summary>
    long ScheduledAt { get; }

    /// <summary>Data that lives as long as the copy (a connection a closed copy keeps between invocations).</summary>
    IDictionary<string, object> Data { get; }

    /// <summary>The scenario's WebSocket sessions and messages (k6's <c>ws_*</c> metrics), shared by all its invocations.</summary>
    Statistics.WebSocketMetrics WebSockets { get; }

    /// <summary>The scenario's logger.</summary>
    ILogger Logger { get; }

    /// <summary>Cancelled when the scenario's run ends or is stopped.</summary>
    CancellationToken ScenarioCancellationToken { get; }
}
