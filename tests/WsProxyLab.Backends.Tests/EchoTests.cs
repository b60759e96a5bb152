using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace WsProxyLab.Backends.Tests;

public sealed class EchoTests : IAsyncLifetime
{
    private LoopbackBackend _backend = null!;

    public async ValueTask InitializeAsync() =>
        _backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:MaxMessageBytes"] = "65536" });

    public ValueTask DisposeAsync() => _backend.DisposeAsync();

    [Fact]
    public async Task Echo_TextAndBinaryMessages_ComeBackUnchanged()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/echo"), cancellationToken);

        await socket.SendTextAsync("héllo, proxy", cancellationToken);
        Assert.Equal("héllo, proxy", await socket.ReceiveTextAsync(cancellationToken));

        var binary = RandomNumberGenerator.GetBytes(1000);
        await socket.SendAsync(binary, WebSocketMessageType.Binary, true, cancellationToken);
        var (type, payload) = await socket.ReceiveMessageAsync(cancellationToken);
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(binary, payload);
    }

    [Fact]
    public async Task Echo_LargeFragmentedMessage_ComesBackWhole()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/echo"), cancellationToken);
        var message = RandomNumberGenerator.GetBytes(65536);

        for (var offset = 0; offset < message.Length; offset += 10000)
        {
            var length = Math.Min(10000, message.Length - offset);
            await socket.SendAsync(message.AsMemory(offset, length), WebSocketMessageType.Binary, offset + length == message.Length, cancellationToken);
        }

        var (_, payload) = await socket.ReceiveMessageAsync(cancellationToken);
        Assert.Equal(message, payload);
    }

    [Fact]
    public async Task Echo_MessageOverLimit_ClosesWith1009()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/echo"), cancellationToken);

        await socket.SendAsync(new byte[65537], WebSocketMessageType.Binary, true, cancellationToken);

        var (status, reason) = await socket.ReceiveCloseAsync(cancellationToken);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        Assert.Contains("65536", reason);
    }

    [Fact]
    public async Task Echo_InvalidUtf8InTextMessage_ClosesWith1007()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/echo"), cancellationToken);

        await socket.SendAsync(new byte[] { 0x61, 0xC3, 0x28 }, WebSocketMessageType.Text, true, cancellationToken);

        var (status, _) = await socket.ReceiveCloseAsync(cancellationToken);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, status);
    }

    [Fact]
    public async Task Echo_Ping_IsAnsweredWithPongCarryingThePayload()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var raw = await RawWebSocketConnection.ConnectAsync(_backend.BaseUri, cancellationToken);
        var (status, _, _) = await raw.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(_backend.BaseUri, "/ws/echo"), cancellationToken);
        Assert.Equal(101, status);

        await raw.SendFrameAsync(0x9, Encoding.ASCII.GetBytes("are-you-there"), cancellationToken);

        var (opcode, payload) = await raw.ReceiveFrameAsync(cancellationToken);
        Assert.Equal(0xA, opcode);
        Assert.Equal("are-you-there", Encoding.ASCII.GetString(payload));
    }

    [Fact]
    public async Task Echo_ClientCloses_ServerAnswersWithSameStatus()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/echo"), cancellationToken);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task Echo_PermessageDeflateOffered_IsNegotiatedAndEchoes()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/echo"), cancellationToken,
            options => options.DangerousDeflateOptions = new WebSocketDeflateOptions());

        Assert.Contains("permessage-deflate", socket.ResponseHeader("Sec-WebSocket-Extensions"));
        var text = string.Concat(Enumerable.Repeat("compressible ", 500));
        await socket.SendTextAsync(text, cancellationToken);
        Assert.Equal(text, await socket.ReceiveTextAsync(cancellationToken));
    }
}
