using System.Net.WebSockets;
using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// N connections held for the duration, each sending an application heartbeat once a second and waiting for its echo;
/// a connection the target drops fails its heartbeat with the close code it got (1006 when none) and reconnects.
/// </summary>
internal sealed class HoldScenario : ILabScenario
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    public string Name => "hold";

    public string Description => "N connections held for the duration with a 1 s application heartbeat; drops counted by close code";

    public IReadOnlyList<string> Schemes => ["ws", "wss"];

    public ScenarioProps Build(RunSettings settings) =>
        HeldConnectionScenario.Create(Name, settings, async (context, socket) =>
            {
                var heartbeat = await Step.Run("heartbeat", context, async () =>
                {
                    try
                    {
                        await socket.SendAsync("heartbeat"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, context.ScenarioCancellationToken).ConfigureAwait(false);
                        var buffer = new byte[64];
                        var result = await socket.ReceiveAsync(buffer, context.ScenarioCancellationToken).ConfigureAwait(false);
                        return result.MessageType == WebSocketMessageType.Close
                            ? Response.Fail(statusCode: HeldSocket.CloseCode(socket), message: "closed by the target")
                            : Response.Ok(sizeBytes: 18);
                    }
                    catch (WebSocketException exception)
                    {
                        return Response.Fail(statusCode: HeldSocket.CloseCode(socket), message: exception.Message);
                    }
                }).ConfigureAwait(false);
                await Task.Delay(HeartbeatInterval, context.ScenarioCancellationToken).ConfigureAwait(false);
                return heartbeat;
            });
}
