using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// N connections held for the duration in a pool. With a heartbeat, each connection in turn sends a 16-byte message
/// every heartbeat interval and waits for its echo (<c>heartbeat</c>), or with <see cref="RunSettings.Ping"/> a protocol
/// ping timed to its pong (<c>ping</c>, and k6's <c>ws_ping</c>); without one, the connections stay silent and an
/// invocation a second only reports drops. Every connection the target drops is a failed <c>drop</c> with its close
/// code (1006 when none); dropped connections are not reopened, so the count held is what survived.
/// </summary>
internal sealed class HoldScenario : ILabScenario
{
    private const int HeartbeatBytes = 16;

    public string Name => "hold";

    public string Description => "N connections held for the duration, with an optional --heartbeat (default 1s, 0s off; --ping for protocol pings); drops counted by close code";

    public IReadOnlyList<string> Schemes => ["ws", "wss"];

    public ScenarioProps Build(RunSettings settings)
    {
        var pool = new PooledEcho(settings, settings.Connections, pings: settings.Ping);
        var heartbeatOn = settings.Heartbeat > TimeSpan.Zero;
        // One heartbeat per connection per interval, spread over the interval; at least one invocation a second reports drops.
        var perSecond = heartbeatOn ? Math.Max(1, (int)Math.Round(settings.Connections / settings.Heartbeat.TotalSeconds)) : 1;
        return Scenario.Create(Name, async context =>
            {
                await pool.ReportDropsAsync(context).ConfigureAwait(false);
                return (heartbeatOn, settings.Ping) switch
                {
                    (false, _) => Response.Ok(),
                    (true, true) => await pool.PingAsync(context).ConfigureAwait(false),
                    (true, false) => await pool.RoundTripAsync(context, "heartbeat", rawStep: null, HeartbeatBytes).ConfigureAwait(false),
                };
            })
            .WithInit(pool.OpenAsync)
            .WithClean(_ => pool.DisposeAsync().AsTask())
            .WithWarmUpDuration(settings.WarmUp)
            .WithLoadSimulations(Simulation.Inject(rate: perSecond, interval: TimeSpan.FromSeconds(1), during: settings.Duration));
    }
}
