using System.Net.WebSockets;
using System.Text.Json;

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
    public async Task SendTimeout_EndsATunnelWhoseClientStoppedReading()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:SendTimeout"] = "00:00:01" });
        using var http = new HttpClient();
        // 64 KiB messages at 2,000/s fill the loopback buffers in moments; this client then never reads.
        await using var stalled = await proxy.OpenRawAsync("/ws/source?rate=2000&size=65536", cancellationToken);

        while (JsonDocument.Parse(await http.GetStringAsync(proxy.HttpUri("/admin/tunnels"), cancellationToken)).RootElement.GetArrayLength() > 0)
        {
            // Without a send timeout the tunnel would stay blocked on its write for ever; poll until the proxy ends it.
            await Task.Delay(50, cancellationToken);
        }
    }
}
