using System.Net.WebSockets;

namespace WsProxyLab.Backends.Tests;

public sealed class ChatTests
{
    [Fact]
    public async Task Chat_Broadcast_EveryMemberSeesEveryMessageInSequenceOrder()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        var members = new List<ChatClient>();
        foreach (var user in new[] { "ann", "bob", "cid" })
        {
            members.Add(await ChatClient.JoinAsync(backend, $"room=r1&user={user}", cancellationToken));
        }

        // Every member publishes concurrently; the room must still serialise them into one order.
        await Task.WhenAll(members.Select(async member =>
        {
            for (var i = 0; i < 20; i++)
            {
                await member.Socket.SendTextAsync($"{member.Welcome.GetProperty("user").GetString()}-{i}", cancellationToken);
            }
        }));

        var received = await Task.WhenAll(members.Select(member => member.ReceiveAsync(60, cancellationToken)));
        foreach (var messages in received)
        {
            Assert.All(messages, message => Assert.Equal("message", message.GetProperty("type").GetString()));
            Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), messages.Select(message => message.GetProperty("seq").GetInt64()));
            Assert.All(messages, message => Assert.True(message.GetProperty("ts").GetInt64() > 0));
        }

        var texts = received.Select(messages => string.Join(",", messages.Select(message => message.GetProperty("text").GetString()))).ToList();
        Assert.Single(texts.Distinct());
        foreach (var user in new[] { "ann", "bob", "cid" })
        {
            // Each sender's own messages keep their order within the room order.
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{user}-{i}"),
                received[0].Select(message => message.GetProperty("text").GetString()).Where(text => text!.StartsWith(user, StringComparison.Ordinal)));
        }

        members.ForEach(member => member.Dispose());
    }

    [Fact]
    public async Task Chat_ResumeOnSameReplica_ReplaysMissedMessagesThenLive()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        using var speaker = await ChatClient.JoinAsync(backend, "room=r&user=speaker", cancellationToken);
        var listener = await ChatClient.JoinAsync(backend, "room=r&user=listener", cancellationToken);
        await speaker.Socket.SendTextAsync("before", cancellationToken);
        var first = await listener.ReceiveAsync(cancellationToken);
        Assert.Equal(1, first.GetProperty("seq").GetInt64());
        var token = listener.Token;

        listener.Socket.Abort();
        listener.Dispose();
        for (var i = 0; i < 5; i++)
        {
            await speaker.Socket.SendTextAsync($"missed-{i}", cancellationToken);
        }

        // The speaker sees its own 5 messages, so the room has numbered them all before the resume.
        await speaker.ReceiveAsync(6, cancellationToken);
        using var resumed = await ChatClient.JoinAsync(backend, $"room=r&user=listener&resume={token}&lastSeq=1", cancellationToken);
        Assert.True(resumed.Welcome.GetProperty("resumed").GetBoolean());
        Assert.Equal(token, resumed.Token);

        var replayed = await resumed.ReceiveAsync(5, cancellationToken);
        Assert.Equal([2L, 3, 4, 5, 6], replayed.Select(message => message.GetProperty("seq").GetInt64()));
        Assert.Equal("missed-0", replayed[0].GetProperty("text").GetString());

        await speaker.Socket.SendTextAsync("live", cancellationToken);
        var live = await resumed.ReceiveAsync(cancellationToken);
        Assert.Equal(7, live.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Chat_ResumeBeyondReplayBuffer_ReportsGapThenReplaysWhatIsKept()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:ChatReplayCapacity"] = "3" });
        using var speaker = await ChatClient.JoinAsync(backend, "room=r&user=speaker", cancellationToken);
        for (var i = 0; i < 10; i++)
        {
            await speaker.Socket.SendTextAsync($"m{i}", cancellationToken);
        }

        await speaker.ReceiveAsync(10, cancellationToken);
        using var resumed = await ChatClient.JoinAsync(backend, $"room=r&user=speaker&resume={speaker.Token}&lastSeq=2", cancellationToken);

        var gap = await resumed.ReceiveAsync(cancellationToken);
        Assert.Equal("gap", gap.GetProperty("type").GetString());
        Assert.Equal(3, gap.GetProperty("from").GetInt64());
        Assert.Equal(7, gap.GetProperty("to").GetInt64());
        var kept = await resumed.ReceiveAsync(3, cancellationToken);
        Assert.Equal([8L, 9, 10], kept.Select(message => message.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Chat_ResumeOnAnotherReplica_ClosesWith4001()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var first = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "replica-a" });
        await using var second = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "replica-b" });
        using var client = await ChatClient.JoinAsync(first, "room=r&user=u", cancellationToken);

        using var moved = await WebSocketTestClient.ConnectAsync(second.WebSocketUri($"/ws/chat?room=r&user=u&resume={client.Token}"), cancellationToken);

        var (status, reason) = await moved.ReceiveCloseAsync(cancellationToken);
        Assert.Equal(4001, (int)status!);
        Assert.Contains("replica-b", reason);
    }

    [Fact]
    public async Task Chat_ResumeWhileStillConnected_TakesOverAndClosesOldConnectionWith4002()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        using var original = await ChatClient.JoinAsync(backend, "room=r&user=u", cancellationToken);

        using var takeover = await ChatClient.JoinAsync(backend, $"room=r&user=u&resume={original.Token}", cancellationToken);

        var (status, _) = await original.Socket.ReceiveCloseAsync(cancellationToken);
        Assert.Equal(4002, (int)status!);
        await takeover.Socket.SendTextAsync("still here", cancellationToken);
        var echo = await takeover.ReceiveAsync(cancellationToken);
        Assert.Equal("still here", echo.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Chat_BinaryMessage_ClosesWith1003()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        using var client = await ChatClient.JoinAsync(backend, "room=r&user=u", cancellationToken);

        await client.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, cancellationToken);

        var (status, _) = await client.Socket.ReceiveCloseAsync(cancellationToken);
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, status);
    }

    [Fact]
    public async Task Chat_Welcome_NamesRoomUserInstanceAndCurrentSequence()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "replica-w" });
        using var first = await ChatClient.JoinAsync(backend, "room=lobby&user=a", cancellationToken);
        await first.Socket.SendTextAsync("hi", cancellationToken);
        await first.ReceiveAsync(cancellationToken);

        using var second = await ChatClient.JoinAsync(backend, "room=lobby&user=b", cancellationToken);

        Assert.Equal("lobby", second.Welcome.GetProperty("room").GetString());
        Assert.Equal("b", second.Welcome.GetProperty("user").GetString());
        Assert.Equal("replica-w", second.Welcome.GetProperty("instance").GetString());
        Assert.Equal(1, second.Welcome.GetProperty("seq").GetInt64());
        Assert.False(second.Welcome.GetProperty("resumed").GetBoolean());
        Assert.NotEqual(first.Token, second.Token);
    }
}
