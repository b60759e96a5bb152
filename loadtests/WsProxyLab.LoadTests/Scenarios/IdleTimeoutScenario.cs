using System.Net.WebSockets;
using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// Connections that stay silent (no keep-alive frames) until the target ends them: the <c>idle</c> step's latency is the
/// time to close and its status the close code (1006 when the connection just vanished). A target that never closes
/// them records nothing in the duration.
/// </summary>
internal sealed class IdleTimeoutScenario : ILabScenario
{
    public string Name => "idle-timeout";

    public string Description => "silent connections until the target closes them: time to close and close codes";

    public IReadOnlyList<string> Schemes => ["ws", "wss"];

    public ScenarioProps Build(RunSettings settings) =>
        HeldConnectionScenario.Create(Name, settings, async (context, socket) =>
                await Step.Run("idle", context, async () =>
                {
                    try
                    {
                        var buffer = new byte[256];
                        ValueWebSocketReceiveResult result;
                        while ((result = await socket.ReceiveAsync(buffer.AsMemory(), context.ScenarioCancellationToken).ConfigureAwait(false)).MessageType != WebSocketMessageType.Close)
                        {
                            if (result.EndOfMessage)
                            {
                                context.WebSockets.MessageReceived();
                            }
                        }
                    }
                    catch (WebSocketException)
                    {
                        // Closed without a close frame: counted as 1006 below.
                    }

                    return Response.Ok(statusCode: HeldSocket.CloseCode(socket));
                }).ConfigureAwait(false));
}
