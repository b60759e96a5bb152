using Microsoft.Extensions.Logging;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Scenarios;

/// <summary>One invocation's context; steps record into <see cref="Recorder"/>.</summary>
internal sealed class ScenarioContext(
    string scenarioName, int instanceNumber, long invocationNumber, long scheduledAt, IDictionary<string, object>? data, ILogger logger, StatsRecorder recorder, WebSocketMetrics webSockets, CancellationToken cancellationToken)
    : IScenarioContext
{
    public string ScenarioName => scenarioName;

    public int ScenarioInstanceNumber => instanceNumber;

    public long InvocationNumber => invocationNumber;

    public long ScheduledAt => scheduledAt;

    // An open simulation's invocation is its own copy: its data is made only if it is used.
    public IDictionary<string, object> Data => data ??= new Dictionary<string, object>(StringComparer.Ordinal);

    public WebSocketMetrics WebSockets => webSockets;

    public ILogger Logger => logger;

    public CancellationToken ScenarioCancellationToken => cancellationToken;

    public StatsRecorder Recorder => recorder;
}
