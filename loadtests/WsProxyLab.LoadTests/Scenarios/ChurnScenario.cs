using System.Diagnostics;
using System.Net.WebSockets;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>Connect and close at a fixed rate (an open model): handshakes per second and handshake latency, over ws:// or wss://.</summary>
internal sealed class ChurnScenario : ILabScenario
{
    public string Name => "churn";

    public string Description => "opens and closes connections at --rate per second; handshake latency and failures by status";

    public IReadOnlyList<string> Schemes => ["ws", "wss"];

    public ScenarioProps Build(RunSettings settings) => Build(settings, Name);

    /// <summary>The scenario, named <paramref name="name"/> where several run side by side (the soak's one per target).</summary>
    public static ScenarioProps Build(RunSettings settings, string name) =>
        Scenario.Create(name, async context =>
            {
                using var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.Zero;
                socket.Options.CollectHttpResponseDetails = true;
                socket.Options.RemoteCertificateValidationCallback = settings.CertificateValidation;
                WebSocketSession? session = null;
                var handshake = await Step.Run("handshake", context, async () =>
                {
                    try
                    {
                        var connectStartedAt = Stopwatch.GetTimestamp();
                        await socket.ConnectAsync(settings.Target, context.ScenarioCancellationToken).ConfigureAwait(false);
                        session = WebSocketSession.Start(context.WebSockets, connectStartedAt);
                        return Response.Ok(statusCode: "101");
                    }
                    catch (WebSocketException exception)
                    {
                        return Response.Fail(statusCode: socket.HttpStatusCode == 0 ? "no_response" : ((int)socket.HttpStatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), message: exception.Message);
                    }
                }).ConfigureAwait(false);
                if (handshake.IsError)
                {
                    return handshake;
                }

                // The session ends once the close step has, whether the close went through or failed.
                using var closing = session;
                return await Step.Run("close", context, async () =>
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "churn", context.ScenarioCancellationToken).ConfigureAwait(false);
                    return Response.Ok(statusCode: ((int?)socket.CloseStatus ?? 1006).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }).ConfigureAwait(false);
            })
            .WithWarmUpDuration(settings.WarmUp)
            .WithLoadSimulations(Simulation.Inject(settings.Rate, TimeSpan.FromSeconds(1), settings.Duration));
}
