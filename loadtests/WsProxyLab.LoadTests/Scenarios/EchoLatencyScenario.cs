using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// A pool of held connections and a fixed aggregate rate of messages (an open model: sends are paced by the schedule,
/// not by the echoes), each sent on the next idle connection; the round trip is measured from the intended send time
/// (<c>echo</c>, coordinated omission corrected) and from the actual send (<c>echo.raw</c>).
/// </summary>
internal sealed class EchoLatencyScenario : ILabScenario
{
    public string Name => "echo-latency";

    public string Description => "held connections echo a fixed total rate of messages; round trip from the intended send time (corrected) and raw";

    public IReadOnlyList<string> Schemes => ["ws", "wss"];

    public ScenarioProps Build(RunSettings settings)
    {
        var echo = new PooledEcho(settings, settings.Connections);
        return Scenario.Create(Name, async context =>
            {
                await echo.ReportDropsAsync(context).ConfigureAwait(false);
                return await echo.RoundTripAsync(context, "echo", "echo.raw", settings.MessageBytes).ConfigureAwait(false);
            })
            .WithInit(echo.OpenAsync)
            .WithClean(_ => echo.DisposeAsync().AsTask())
            .WithWarmUpDuration(settings.WarmUp)
            .WithLoadSimulations(Simulation.Inject(rate: settings.Rate, interval: TimeSpan.FromSeconds(1), during: settings.Duration));
    }
}
