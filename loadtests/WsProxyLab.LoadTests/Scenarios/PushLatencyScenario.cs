using System.Net.WebSockets;
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
                var (closed, sentAt, size, error) = await ReceiveOneAsync(context, socket).ConfigureAwait(false);
                return closed
                    ? await Step.Run("push", context, () => Task.FromResult(Response.Fail(statusCode: HeldSocket.CloseCode(socket), message: error ?? "closed by the target"))).ConfigureAwait(false)
                    // The step's clock starts when the server stamped the message.
                    : await Step.RunFrom("push", context, sentAt, () => Task.FromResult(Response.Ok(sizeBytes: size))).ConfigureAwait(false);
            });

    /// <summary>
    /// The next message's server timestamp (as a Stopwatch timestamp) and size, or that the socket closed, with the
    /// error when it failed.
    /// </summary>
    private static async Task<(bool Closed, long SentAt, int Size, string? Error)> ReceiveOneAsync(IScenarioContext context, ClientWebSocket socket)
    {
        try
        {
            var (closed, (sentAt, size)) = await JsonMessageReader.ReceiveAsync(socket,
                (root, size) => (ServerClock.ToStopwatchTimestamp(root.GetProperty("ts").GetInt64()), size), context.ScenarioCancellationToken).ConfigureAwait(false);
            if (closed)
            {
                return (true, 0, 0, null);
            }

            context.WebSockets.MessageReceived();
            return (false, sentAt, size, null);
        }
        catch (Exception exception) when (exception is WebSocketException or InvalidDataException)
        {
            return (true, 0, 0, exception.Message);
        }
    }
}
