using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace WsProxyLab.Proxy.Tests;

public sealed class FramesModeTests
{
    private static readonly Dictionary<string, string?> FramesMode = new() { ["Proxy:Routes:all:Mode"] = "Frames" };

    [Fact]
    public async Task FramesMode_CountsMessagesEachWay_AFragmentedMessageOnce()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], FramesMode);
        using var http = new HttpClient();
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);

        await socket.SendTextAsync("one", cancellationToken);
        await socket.SendAsync(Encoding.UTF8.GetBytes("tw"), WebSocketMessageType.Text, endOfMessage: false, cancellationToken);
        await socket.SendAsync(Encoding.UTF8.GetBytes("o"), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        await socket.SendAsync(new byte[1000], WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        Assert.Equal("one", await socket.ReceiveTextAsync(cancellationToken));
        Assert.Equal("two", await socket.ReceiveTextAsync(cancellationToken));
        Assert.Equal(1000, (await socket.ReceiveMessageAsync(cancellationToken)).Payload.Length);

        var tunnel = JsonDocument.Parse(await http.GetStringAsync(proxy.HttpUri("/admin/tunnels"), cancellationToken)).RootElement[0];
        Assert.Equal(3, tunnel.GetProperty("messagesClientToUpstream").GetInt64());
        Assert.Equal(3, tunnel.GetProperty("messagesUpstreamToClient").GetInt64());
    }

    [Fact]
    public async Task FramesMode_RelaysFramesTrickledOneByteAtATime()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], FramesMode);
        await using var raw = await proxy.OpenRawAsync("/ws/echo", cancellationToken);
        var payload = Encoding.ASCII.GetBytes(new string('x', 300)); // a 16-bit length: an 8-byte masked header

        foreach (var b in RawWebSocketConnection.MaskedFrame(0x1, payload, final: true))
        {
            await raw.SendRawAsync(new[] { b }, cancellationToken);
            await Task.Delay(1, cancellationToken);
        }

        var (opcode, echoed) = await raw.ReceiveFrameAsync(cancellationToken);
        Assert.Equal(0x1, opcode);
        Assert.Equal(payload, echoed);
    }

    [Fact]
    public async Task FramesMode_AClientMessageOverTheLimit_IsNotRelayed_AndTheClientGets1009()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?>(FramesMode) { ["Proxy:Routes:all:MaxMessageBytes"] = "100" });
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        await socket.SendTextAsync(new string('a', 100), cancellationToken);
        Assert.Equal(100, (await socket.ReceiveTextAsync(cancellationToken)).Length);

        await socket.SendTextAsync(new string('b', 101), cancellationToken);
        var (status, reason) = await socket.ReceiveCloseAsync(cancellationToken);

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        Assert.Equal("message over the proxy's limit of 100 bytes", reason);
    }

    [Fact]
    public async Task FramesMode_AnUpstreamMessageOverTheLimit_EndsTheTunnelWith1011ToTheClient()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?>(FramesMode) { ["Proxy:Routes:all:MaxMessageBytes"] = "100" });
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/source?rate=10&size=512"), cancellationToken);

        var (status, reason) = await socket.ReceiveCloseAsync(cancellationToken);

        Assert.Equal(WebSocketCloseStatus.InternalServerError, status);
        Assert.Equal("upstream sent a message over the proxy's limit", reason);
    }

    [Fact]
    public async Task TunnelMode_RejectsAMessageLimit_AtStart()
    {
        await using var backend = await LoopbackBackend.StartAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:Routes:all:MaxMessageBytes"] = "100" }));

        Assert.Contains("Route 'all' has MaxMessageBytes 100 in mode Tunnel; a limit needs Mode Frames", error.Message);
    }
}
