using Microsoft.Extensions.Logging;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Scenarios;

/// <summary>One invocation's context; steps record into <see cref="Recorder"/>.</summary>
internal sealed class ScenarioContext(
    string scenarioName, int instanceNumber, long invocationNumber, IDictionary<string, object> data, ILogger logger, StatsRecorder recorder, CancellationToken cancellationToken)
    : IScenarioContext
{
    public string ScenarioName => scenarioName;

    public int ScenarioInstanceNumber => instanceNumber;

    public long InvocationNumber => invocationNumber;

    public IDictionary<string, object> Data => data;

    public ILogger Logger => logger;

    public CancellationToken ScenarioCancellationToken => cancellationToken;

    public StatsRecorder Recorder => recorder;
}
