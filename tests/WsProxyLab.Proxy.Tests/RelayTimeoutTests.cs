using System.Net.WebSockets;

namespace WsProxyLab.Proxy.Tests;

public sealed class RelayTimeoutTests
{
    [Fact]
    public async Task IdleTimeout_ClosesATunnelWithNoBytesEitherWayWith1001()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:IdleTimeout"] = "00:00:01" });
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);

        var (status, reason) = await socket.ReceiveCloseAsync(cancellationToken);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        Assert.Equal("proxy idle timeout: no bytes either way for 1 s", reason);
    }

    [Fact]
    public async Task SendTimeout_EndsATunnelWhoseClientStoppedReading_AndTellsTheUpstreamWith1001()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        // 64 KiB frames, sent for as long as the proxy takes them: the loopback buffers fill in moments.
        byte[] frame = [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0, .. new byte[65536]];
        using var upstream = new RecordingUpstream("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", keepOpen: true, flood: frame);
        await using var proxy = await LoopbackProxy.StartAsync([upstream.Address], new Dictionary<string, string?> { ["Proxy:SendTimeout"] = "00:00:01" });
        // This client never reads.
        await using var stalled = await proxy.OpenRawAsync("/ws/source", cancellationToken);

        var received = await upstream.Received.WaitAsync(cancellationToken);

        Assert.Equal((1001, "proxy send timeout: client stopped reading", true), WrittenFrames.SingleClose(received));
    }
}
