using System.Net.WebSockets;
using System.Text.Json;
using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// Held connections to a pushing endpoint (the backends' <c>/ws/source?rate=N&amp;size=B</c>): <c>push</c> is the time
/// from the server's timestamp in each message to its arrival (same clock on loopback).
/// </summary>
internal sealed class PushLatencyScenario : ILabScenario
{
    public string Name => "push-latency";

    public string Description => "held connections to /ws/source: server timestamp to client receipt per message";

    public IReadOnlyList<string> Schemes => ["ws", "wss"];

    public ScenarioProps Build(RunSettings settings) =>
        HeldConnectionScenario.Create(Name, settings, async (context, socket) =>
            {
                var buffer = new byte[64 * 1024];
                var received = 0;
                try
                {
                    while (true)
                    {
                        var result = await socket.ReceiveAsync(buffer.AsMemory(received), context.ScenarioCancellationToken).ConfigureAwait(false);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            return await Step.Run("push", context, () => Task.FromResult(Response.Fail(statusCode: HeldSocket.CloseCode(socket), message: "closed by the target"))).ConfigureAwait(false);
                        }

                        received += result.Count;
                        if (result.EndOfMessage)
                        {
                            context.WebSockets.MessageReceived();
                            break;
                        }
                    }
                }
                catch (WebSocketException exception)
                {
                    return await Step.Run("push", context, () => Task.FromResult(Response.Fail(statusCode: HeldSocket.CloseCode(socket), message: exception.Message))).ConfigureAwait(false);
                }

                using var message = JsonDocument.Parse(buffer.AsMemory(0, received));
                // The step's clock starts when the server stamped the message.
                var sentAt = ServerClock.ToStopwatchTimestamp(message.RootElement.GetProperty("ts").GetInt64());
                var size = received;
                return await Step.RunFrom("push", context, sentAt, () => Task.FromResult(Response.Ok(sizeBytes: size))).ConfigureAwait(false);
            });
}
