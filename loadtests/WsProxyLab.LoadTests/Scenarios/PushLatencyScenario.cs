using System.Buffers;
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
    private const int MaxMessageBytes = 64 * 1024;

    public string Name => "push-latency";

    public string Description => "held connections to /ws/source: server timestamp to client receipt per message";

    public IReadOnlyList<string> Schemes => ["ws", "wss"];

    public ScenarioProps Build(RunSettings settings) =>
        HeldConnectionScenario.Create(Name, settings, async (context, socket) =>
            {
                var (closed, sentAt, size, error) = await ReceiveOneAsync(context, socket).ConfigureAwait(false);
                return closed
                    ? await Step.Run("push", context, () => Task.FromResult(Response.Fail(statusCode: HeldSocket.CloseCode(socket), message: error ?? "closed by the target"))).ConfigureAwait(false)
                    // The step's clock starts when the server stamped the message.
                    : await Step.RunFrom("push", context, sentAt, () => Task.FromResult(Response.Ok(sizeBytes: size))).ConfigureAwait(false);
            });

    /// <summary>
    /// Waits for a message without a buffer, then rents one to read it, so thousands of held copies hold none while
    /// idle; returns the server's timestamp of the message (as a Stopwatch timestamp) and its size, or that it closed.
    /// </summary>
    private static async Task<(bool Closed, long SentAt, int Size, string? Error)> ReceiveOneAsync(IScenarioContext context, ClientWebSocket socket)
    {
        byte[]? buffer = null;
        try
        {
            if ((await socket.ReceiveAsync(Memory<byte>.Empty, context.ScenarioCancellationToken).ConfigureAwait(false)).MessageType == WebSocketMessageType.Close)
            {
                return (true, 0, 0, null);
            }

            buffer = ArrayPool<byte>.Shared.Rent(MaxMessageBytes);
            var received = 0;
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(received), context.ScenarioCancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (true, 0, 0, null);
                }

                received += result.Count;
                if (result.EndOfMessage)
                {
                    break;
                }
            }

            context.WebSockets.MessageReceived();
            using var message = JsonDocument.Parse(buffer.AsMemory(0, received));
            return (false, ServerClock.ToStopwatchTimestamp(message.RootElement.GetProperty("ts").GetInt64()), received, null);
        }
        catch (WebSocketException exception)
        {
            return (true, 0, 0, exception.Message);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
