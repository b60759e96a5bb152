using System.Net.WebSockets;
using System.Text.Json;

namespace WsProxyLab.Proxy.Tests;

[Collection(nameof(SerialMetricsTests))]
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

    [Fact]
    public async Task Metrics_CountHandshakesActiveTunnelsAndTimeouts()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:ReadTimeout"] = "00:00:01" }, routeId: "metered");
        using var http = new HttpClient();
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        using (await http.GetAsync(proxy.HttpUri("/ws/echo"), cancellationToken))
        {
        }

        var whileOpen = await http.GetStringAsync(proxy.HttpUri("/metrics"), cancellationToken);
        await socket.ReceiveCloseAsync(cancellationToken);
        const string Ended = "wsproxylab_proxy_tunnels_ended_total{otel_scope_name=\"WsProxyLab.Proxy\",close_sent_to_client=\"1001\",reason=\"ReadTimeout\",route=\"metered\"} 1";
        string afterTimeout;
        do
        {
            afterTimeout = await http.GetStringAsync(proxy.HttpUri("/metrics"), cancellationToken);
        }
        while (!afterTimeout.Contains(Ended, StringComparison.Ordinal) && await Delay(cancellationToken));

        Assert.Contains("wsproxylab_proxy_requests_total{otel_scope_name=\"WsProxyLab.Proxy\",outcome=\"upgraded\",route=\"metered\",status=\"101\"} 1", whileOpen);
        Assert.Contains("wsproxylab_proxy_requests_total{otel_scope_name=\"WsProxyLab.Proxy\",outcome=\"http_forwarded\",route=\"metered\",status=\"400\"} 1", whileOpen);
        Assert.Contains("wsproxylab_proxy_tunnels_active{otel_scope_name=\"WsProxyLab.Proxy\",destination=\"d0\",route=\"metered\"} 1", whileOpen);
        Assert.Contains("wsproxylab_proxy_tunnels_active{otel_scope_name=\"WsProxyLab.Proxy\",destination=\"d0\",route=\"metered\"} 0", afterTimeout);
        Assert.Contains("wsproxylab_proxy_timeouts_total{otel_scope_name=\"WsProxyLab.Proxy\",kind=\"read\",route=\"metered\"} 1", afterTimeout);
    }

    private static async Task<bool> Delay(CancellationToken cancellationToken)
    {
        // The Prometheus exporter caches a scrape briefly; the counters appear on a later one.
        await Task.Delay(100, cancellationToken);
        return true;
    }
}
