using System.Net.WebSockets;
using System.Text.Json;

namespace WsProxyLab.Backends.Tests;

/// <summary>A chat participant for tests: connects, reads the welcome, and reads messages as JSON.</summary>
internal sealed class ChatClient(ClientWebSocket socket, JsonElement welcome) : IDisposable
{
    public ClientWebSocket Socket { get; } = socket;

    public JsonElement Welcome { get; } = welcome;

    public string Token => Welcome.GetProperty("token").GetString()!;

    public static async Task<ChatClient> JoinAsync(LoopbackBackend backend, string query, CancellationToken cancellationToken)
    {
        var socket = await WebSocketTestClient.ConnectAsync(backend.WebSocketUri($"/ws/chat?{query}"), cancellationToken);
        var welcome = JsonDocument.Parse(await socket.ReceiveTextAsync(cancellationToken)).RootElement;
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        return new ChatClient(socket, welcome);
    }

    public async Task<JsonElement> ReceiveAsync(CancellationToken cancellationToken) =>
        JsonDocument.Parse(await Socket.ReceiveTextAsync(cancellationToken)).RootElement;

    public async Task<List<JsonElement>> ReceiveAsync(int count, CancellationToken cancellationToken)
    {
        var messages = new List<JsonElement>();
        while (messages.Count < count)
        {
            messages.Add(await ReceiveAsync(cancellationToken));
        }

        return messages;
    }

    public void Dispose() => Socket.Dispose();
}
