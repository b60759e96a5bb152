using System.Net.WebSockets;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// The shape most scenarios share: <see cref="RunSettings.Connections"/> copies, each holding one WebSocket (opened by
/// a <c>connect</c> step on its first invocation, reopened after a drop), for the run's duration.
/// </summary>
internal static class HeldConnectionScenario
{
    public static ScenarioProps Create(string name, RunSettings settings, Func<IScenarioContext, ClientWebSocket, Task<Response>> invocation) =>
        Scenario.Create(name, async context =>
            {
                var socket = await HeldSocket.GetAsync(context, settings).ConfigureAwait(false);
                return socket is null ? Response.Fail(statusCode: "connect_failed") : await invocation(context, socket).ConfigureAwait(false);
            })
            .WithWarmUpDuration(settings.WarmUp)
            .WithLoadSimulations(Simulation.KeepConstant(settings.Connections, settings.Duration));
}
