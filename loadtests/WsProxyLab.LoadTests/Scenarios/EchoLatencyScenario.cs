using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.WebSockets;
using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// Held connections sending a fixed aggregate rate of messages to an echo endpoint. Each copy sends on its own schedule
/// (its share of the rate, offset so sends are spread), and the round trip is measured from the intended send time
/// (<c>echo</c>, coordinated omission corrected) and from the actual send (<c>echo.raw</c>).
/// </summary>
internal sealed class EchoLatencyScenario : ILabScenario
{
    public string Name => "echo-latency";

    public string Description => "held connections echo a fixed total rate of messages; round trip from the intended send time (corrected) and raw";

    public IReadOnlyList<string> Schemes => ["ws", "wss"];

    public ScenarioProps Build(RunSettings settings)
    {
        var period = TimeSpan.FromSeconds(settings.Connections / (double)settings.Rate);
        return HeldConnectionScenario.Create(Name, settings, async (context, socket) =>
            {
                var schedule = Schedule(context, period, settings.Connections);
                var intended = schedule.Next;
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);
                if (wait > TimeSpan.Zero)
                {
                    // Task.Delay counts whole milliseconds, truncating: round up, or the send would go before its time.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), context.ScenarioCancellationToken).ConfigureAwait(false);
                }

                schedule.Next = intended + (long)(period.TotalSeconds * Stopwatch.Frequency);
                var payload = new byte[settings.MessageBytes];
                BinaryPrimitives.WriteInt64LittleEndian(payload, context.InvocationNumber);
                return await Step.RunFrom("echo", context, intended, () => Step.Run("echo.raw", context, () => RoundTripAsync(socket, payload, context.ScenarioCancellationToken)))
                    .ConfigureAwait(false);
            });
    }

    private static async Task<Response> RoundTripAsync(ClientWebSocket socket, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            var buffer = new byte[payload.Length + 16];
            var received = 0;
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(received), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return Response.Fail(statusCode: HeldSocket.CloseCode(socket), message: "closed by the target");
                }

                received += result.Count;
                if (result.EndOfMessage)
                {
                    return received == payload.Length && buffer.AsSpan(0, received).SequenceEqual(payload)
                        ? Response.Ok(sizeBytes: payload.Length * 2)
                        : Response.Fail(statusCode: "wrong_echo", message: $"{received} bytes came back for {payload.Length}");
                }
            }
        }
        catch (WebSocketException exception)
        {
            return Response.Fail(statusCode: HeldSocket.CloseCode(socket), message: exception.Message);
        }
    }

    /// <summary>The copy's next intended send time, first offset by its number so copies do not send together.</summary>
    private static SendSchedule Schedule(IScenarioContext context, TimeSpan period, int copies)
    {
        if (!context.Data.TryGetValue(nameof(SendSchedule), out var schedule))
        {
            var offset = period * ((context.ScenarioInstanceNumber - 1) / (double)copies);
            schedule = new SendSchedule { Next = Stopwatch.GetTimestamp() + (long)(offset.TotalSeconds * Stopwatch.Frequency) };
            context.Data[nameof(SendSchedule)] = schedule;
        }

        return (SendSchedule)schedule;
    }

    private sealed class SendSchedule
    {
        public long Next { get; set; }
    }
}
