using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// Rooms of <see cref="RunSettings.RoomSize"/> members on the backends' <c>/ws/chat</c>; together they publish
/// <see cref="RunSettings.Rate"/> messages per second. Every member checks what it receives against the room's sequence
/// numbers: <c>delivery</c> is the time from the server's timestamp to receipt (ok), and fails with <c>lost</c> (one per
/// missing number), <c>duplicate</c> or <c>reordered</c>.
/// </summary>
internal sealed class ChatFanoutScenario : ILabScenario
{
    public string Name => "chat-fanout";

    public string Description => "rooms of --room-size members publishing --rate messages/s in total: delivery latency per recipient, loss, duplicates, reordering";

    public IReadOnlyList<string> Schemes => ["ws", "wss"];

    public Uri ProbeUri(Uri target) => new UriBuilder(target) { Query = "room=probe&user=probe" }.Uri;

    public ScenarioProps Build(RunSettings settings)
    {
        var period = TimeSpan.FromSeconds(settings.Connections / (double)settings.Rate);
        return Scenario.Create(Name, async context =>
            {
                if (context.Data.TryGetValue("receiver", out var receiver))
                {
                    ((CopyBackground)receiver).Follow(context);
                }

                if (!context.Data.TryGetValue("member", out var held))
                {
                    var member = context.ScenarioInstanceNumber - 1;
                    var uri = new UriBuilder(settings.Target) { Query = $"room=room-{member / settings.RoomSize}&user=u{member}" }.Uri;
                    var socket = await HeldSocket.GetAsync(context, settings with { Target = uri }).ConfigureAwait(false);
                    if (socket is null)
                    {
                        return Response.Fail(statusCode: "connect_failed");
                    }

                    context.Data["member"] = held = socket;
                    var background = new CopyBackground(context);
                    context.Data["receiver"] = background;
                    _ = ReceiveAsync(socket, background);
                    context.Data["next"] = Stopwatch.GetTimestamp() + (long)(period.TotalSeconds * Stopwatch.Frequency * (member % settings.Connections) / settings.Connections);
                }

                var next = (long)context.Data["next"];
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), context.ScenarioCancellationToken).ConfigureAwait(false);
                }

                context.Data["next"] = next + (long)(period.TotalSeconds * Stopwatch.Frequency);
                var publisher = (ClientWebSocket)held;
                return await Step.Run("publish", context, async () =>
                {
                    try
                    {
                        await publisher.SendAsync("hello room"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, context.ScenarioCancellationToken).ConfigureAwait(false);
                        context.WebSockets.MessageSent();
                        return Response.Ok(sizeBytes: 10);
                    }
                    catch (WebSocketException exception)
                    {
                        return Response.Fail(statusCode: HeldSocket.CloseCode(publisher), message: exception.Message);
                    }
                }).ConfigureAwait(false);
            })
            .WithWarmUpDuration(settings.WarmUp)
            .WithLoadSimulations(Simulation.KeepConstant(settings.Connections, settings.Duration));
    }

    /// <summary>The member's receive loop: times each delivery and checks the room's sequence numbers.</summary>
    private static async Task ReceiveAsync(ClientWebSocket socket, CopyBackground background)
    {
        long? lastSeq = null;
        try
        {
            while (true)
            {
                var (closed, message) = await JsonMessageReader.ReceiveAsync(socket, ReadRoomMessage, background.Token).ConfigureAwait(false);
                if (closed)
                {
                    return;
                }

                var context = background.Context;

                context.WebSockets.MessageReceived();
                if (message.Type == "welcome")
                {
                    lastSeq = message.Seq;
                    continue;
                }

                if (message.Type != "message")
                {
                    continue;
                }

                var (seq, received) = (message.Seq, message.Size);
                var sentAt = ServerClock.ToStopwatchTimestamp(message.Timestamp);
                var outcome = lastSeq switch
                {
                    { } last when seq == last => Response.Fail(statusCode: "duplicate"),
                    { } last when seq < last => Response.Fail(statusCode: "reordered"),
                    _ => Response.Ok(sizeBytes: received),
                };
                if (lastSeq is { } previous && seq > previous + 1)
                {
                    for (var missing = previous + 1; missing < seq; missing++)
                    {
                        await Step.Run("delivery", context, () => Task.FromResult(Response.Fail(statusCode: "lost"))).ConfigureAwait(false);
                    }
                }

                await Step.RunFrom("delivery", context, sentAt, () => Task.FromResult(outcome)).ConfigureAwait(false);
                lastSeq = Math.Max(seq, lastSeq ?? seq);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or InvalidDataException)
        {
            // The run ended or the connection dropped (or was dropped for an oversized message); a drop shows up as failed publishes.
        }
    }

    /// <summary>What a member checks of <paramref name="root"/>, a room's message of <paramref name="size"/> bytes.</summary>
    private static RoomMessage ReadRoomMessage(JsonElement root, int size)
    {
        var type = root.GetProperty("type").GetString();
        return new RoomMessage(
            type,
            type is "welcome" or "message" ? root.GetProperty("seq").GetInt64() : 0,
            type == "message" ? root.GetProperty("ts").GetInt64() : 0,
            size);
    }

    /// <summary>What a member checks of a room's message: its type, the room's sequence number, the server's timestamp, its size.</summary>
    private sealed record RoomMessage(string? Type, long Seq, long Timestamp, int Size);
}
