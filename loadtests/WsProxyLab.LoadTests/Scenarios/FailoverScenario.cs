using System.Diagnostics;
using System.Globalization;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;
using WsProxyLab.Load.Statistics;
using Websocket.Client;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// Clients that reconnect, on Websocket.Client, while something fails behind the target (a backend stopped mid-run):
/// <c>disconnect</c> counts the sessions lost by the close code seen (1006 when none), <c>recovery</c> is each outage,
/// from the drop to the next successful connection, and <c>heartbeat</c> fails while a client is down. Websocket.Client's
/// own 60 s idle reconnect is off, so drops are counted, not healed behind the run's back.
/// </summary>
internal sealed class FailoverScenario : ILabScenario
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(100);

    public string Name => "failover";

    public string Description => "reconnecting clients (Websocket.Client) while a backend fails: sessions lost by close code, time until served again";

    public IReadOnlyList<string> Schemes => ["ws", "wss"];

    public ScenarioProps Build(RunSettings settings) =>
        Scenario.Create(Name, async context =>
            {
                if (!context.Data.TryGetValue("client", out var held))
                {
                    context.Data["client"] = held = await StartAsync(context, settings).ConfigureAwait(false);
                }

                var client = (WebsocketClient)held;
                await Task.Delay(HeartbeatInterval, context.ScenarioCancellationToken).ConfigureAwait(false);
                return await Step.Run("heartbeat", context, () =>
                {
                    if (client.IsRunning && client.Send("heartbeat"))
                    {
                        context.WebSockets.MessageSent();
                        return Task.FromResult(Response.Ok(sizeBytes: 9));
                    }

                    return Task.FromResult(Response.Fail(statusCode: "down"));
                }).ConfigureAwait(false);
            })
            .WithWarmUpDuration(settings.WarmUp)
            .WithLoadSimulations(Simulation.KeepConstant(settings.Connections, settings.Duration));

    private static async Task<WebsocketClient> StartAsync(IScenarioContext context, RunSettings settings)
    {
        // Websocket.Client asks for a new socket at each connection attempt: that is where a session's connecting starts.
        var attemptStartedAt = Stopwatch.GetTimestamp();
        WebSocketSession? session = null;
        var client = new WebsocketClient(settings.Target, () =>
        {
            attemptStartedAt = Stopwatch.GetTimestamp();
            return new System.Net.WebSockets.ClientWebSocket
            {
                Options = { KeepAliveInterval = TimeSpan.Zero, RemoteCertificateValidationCallback = settings.CertificateValidation },
            };
        })
        {
            ReconnectTimeout = null,
            ErrorReconnectTimeout = ReconnectDelay,
            LostReconnectTimeout = ReconnectDelay,
            IsReconnectionEnabled = true,
        };
        long? droppedAt = null;
        var lastCloseCode = "1006";
        client.MessageReceived.Subscribe(_ => context.WebSockets.MessageReceived());
        client.DisconnectionHappened.Subscribe(info =>
        {
            Interlocked.Exchange(ref session, null)?.End();
            if (info.Type is DisconnectionType.Exit or DisconnectionType.ByUser)
            {
                return;
            }

            // Failed reconnect attempts report disconnections too: one outage is one lost session.
            if (droppedAt is not null)
            {
                return;
            }

            droppedAt = Stopwatch.GetTimestamp();
            lastCloseCode = ((int?)info.CloseStatus ?? 1006).ToString(CultureInfo.InvariantCulture);
            _ = Step.Run("disconnect", context, () => Task.FromResult(Response.Ok(statusCode: lastCloseCode)));
        });
        client.ReconnectionHappened.Subscribe(info =>
        {
            Interlocked.Exchange(ref session, WebSocketSession.Start(context.WebSockets, attemptStartedAt))?.End();
            if (info.Type != ReconnectionType.Initial && droppedAt is { } dropped)
            {
                droppedAt = null;
                _ = Step.RunFrom("recovery", context, dropped, () => Task.FromResult(Response.Ok(statusCode: lastCloseCode)));
            }
        });
        await client.Start().ConfigureAwait(false);
        return client;
    }
}
