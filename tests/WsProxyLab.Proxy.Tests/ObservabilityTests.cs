using System.Net.WebSockets;
using System.Text.Json;

namespace WsProxyLab.Proxy.Tests;

public sealed class ObservabilityTests
{
    [Fact]
    public async Task AdminTunnels_ListsAnOpenTunnelWithItsBytes_AndDropsItWhenItEnds()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri]);
        using var http = new HttpClient();
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        await socket.SendTextAsync("0123456789", cancellationToken);
        await socket.ReceiveTextAsync(cancellationToken);

        var tunnels = JsonDocument.Parse(await http.GetStringAsync(proxy.HttpUri("/admin/tunnels"), cancellationToken)).RootElement;

        var tunnel = Assert.Single(tunnels.EnumerateArray());
        Assert.Equal("all", tunnel.GetProperty("route").GetString());
        Assert.Equal("d0", tunnel.GetProperty("destination").GetString());
        Assert.StartsWith("127.0.0.1:", tunnel.GetProperty("client").GetString());
        // A 10-byte text message is a 16-byte masked frame up and a 12-byte frame down.
        Assert.Equal(16, tunnel.GetProperty("bytesClientToUpstream").GetInt64());
        Assert.Equal(12, tunnel.GetProperty("bytesUpstreamToClient").GetInt64());

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        while (JsonDocument.Parse(await http.GetStringAsync(proxy.HttpUri("/admin/tunnels"), cancellationToken)).RootElement.GetArrayLength() > 0)
        {
            // The tunnel ends when the upstream closes its side, just after the close handshake: poll briefly.
            await Task.Delay(20, cancellationToken);
        }
    }
}
