using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace WsProxyLab.Proxy.Tests;

public sealed class KeepAlivePingTests
{
    private static readonly Dictionary<string, string?> KeepAlive = new()
    {
        ["Proxy:KeepAlivePing:Interval"] = "00:00:00.300",
        ["Proxy:KeepAlivePing:Timeout"] = "00:00:00.500",
    };

    [Theory]
    [InlineData("Tunnel")]
    [InlineData("Frames")]
    public async Task AQuietClientIsPinged_AndAClientThatNeverAnswers_IsClosedWith1001(string mode)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?>(KeepAlive) { ["Proxy:Routes:all:Mode"] = mode });
        await using var raw = await proxy.OpenRawAsync("/ws/echo", cancellationToken);

        var (pingOpcode, _) = await raw.ReceiveFrameAsync(cancellationToken);
        var (closeOpcode, closePayload) = await raw.ReceiveFrameAsync(cancellationToken);

        Assert.Equal(0x9, pingOpcode);
        Assert.Equal(0x8, closeOpcode);
        Assert.Equal(1001, (closePayload[0] << 8) | closePayload[1]);
        Assert.Equal("proxy keep-alive: no pong within 0.5 s", Encoding.UTF8.GetString(closePayload, 2, closePayload.Length - 2));
    }

    [Fact]
    public async Task AClientThatAnswersPings_KeepsItsTunnelThroughManyIntervals()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], KeepAlive);
        await using var raw = await proxy.OpenRawAsync("/ws/echo", cancellationToken);

        for (var i = 0; i < 5; i++)
        {
            // Five pings over at least 1.5 s, three times the pong timeout: each answered, the tunnel stays.
            var (opcode, payload) = await raw.ReceiveFrameAsync(cancellationToken);
            Assert.Equal(0x9, opcode);
            await raw.SendFrameAsync(0xA, payload, cancellationToken);
        }

        await raw.SendFrameAsync(0x1, Encoding.ASCII.GetBytes("still here"), cancellationToken);
        var (echoOpcode, echoed) = await raw.ReceiveFrameAsync(cancellationToken);
        Assert.Equal(0x1, echoOpcode);
        Assert.Equal("still here", Encoding.ASCII.GetString(echoed));
    }

    [Fact]
    public async Task ClientWebSocket_AnswersTheProxysPingsByItself_AndEchoStillWorks()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?>(KeepAlive) { ["Proxy:Routes:all:Mode"] = "Frames" });
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        // .NET answers a ping only while a receive is pending.
        var receive = socket.ReceiveTextAsync(cancellationToken);

        // Until three pongs (6-byte masked frames, the only bytes the client sends so far) went up: over 0.6 s, past the pong timeout.
        using var http = new HttpClient();
        while (JsonDocument.Parse(await http.GetStringAsync(proxy.HttpUri("/admin/tunnels"), cancellationToken)).RootElement[0]
            .GetProperty("bytesClientToUpstream").GetInt64() < 3 * 6)
        {
            await Task.Delay(50, cancellationToken);
        }

        await socket.SendTextAsync("after three pings", cancellationToken);

        Assert.Equal("after three pings", await receive);
        Assert.Equal(WebSocketState.Open, socket.State);
    }
}
