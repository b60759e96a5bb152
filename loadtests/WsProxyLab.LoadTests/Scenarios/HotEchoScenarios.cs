using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// The hot shape of echo traffic: a few busy connections (<c>echo-latency</c>) beside many held silent ones (<c>hold</c>).
/// The busy connections open only once every held one has, so the measured echoes never compete with the held ones'
/// handshakes, and the held ones stay open a little longer than the echoes run.
/// </summary>
internal static class HotEchoScenarios
{
    private static readonly TimeSpan HeldLonger = TimeSpan.FromSeconds(5);

    /// <summary>The echo scenario first (the primary one), then the held connections.</summary>
    public static IReadOnlyList<ScenarioProps> Build(RunSettings echoSettings, int held)
    {
        var idle = new PooledEcho(echoSettings with { Connections = held }, held);
        var echo = new PooledEcho(echoSettings, echoSettings.Connections);
        var allHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = Scenario.Create("hold", async context =>
            {
                await idle.ReportDropsAsync(context).ConfigureAwait(false);
                return Response.Ok();
            })
            .WithInit(async context =>
            {
                try
                {
                    await idle.OpenAsync(context).ConfigureAwait(false);
                }
                finally
                {
                    allHeld.TrySetResult();
                }
            })
            .WithClean(_ => idle.DisposeAsync().AsTask())
            .WithWarmUpDuration(echoSettings.WarmUp)
            .WithLoadSimulations(Simulation.Inject(rate: 1, interval: TimeSpan.FromSeconds(1), during: echoSettings.Duration + HeldLonger));
        var busy = Scenario.Create("echo-latency", async context =>
            {
                await echo.ReportDropsAsync(context).ConfigureAwait(false);
                return await echo.RoundTripAsync(context, "echo", "echo.raw", echoSettings.MessageBytes).ConfigureAwait(false);
            })
            .WithInit(async context =>
            {
                await allHeld.Task.WaitAsync(context.CancellationToken).ConfigureAwait(false);
                await echo.OpenAsync(context).ConfigureAwait(false);
            })
            .WithClean(_ => echo.DisposeAsync().AsTask())
            .WithWarmUpDuration(echoSettings.WarmUp)
            .WithLoadSimulations(Simulation.Inject(rate: echoSettings.Rate, interval: TimeSpan.FromSeconds(1), during: echoSettings.Duration));
        return [busy, hold];
    }
}
