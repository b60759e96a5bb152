namespace WsProxyLab.Orchestration.Tests;

/// <summary>
/// The proxy's Prometheus metrics, read from a real proxy process in front of a real backend process. Exact counts are
/// asserted here rather than in-process: hosts sharing a test process also share same-named meters.
/// </summary>
public sealed class ProxyProcessMetricsTests
{
    [Fact]
    public async Task Metrics_CountRequestsActiveTunnelsEndsAndTimeouts()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        var builder = TestApplications.CreateBuilder();
        var backend = builder.AddBackend();
        builder.AddProject("wsproxy", "WsProxyLab.Proxy", typeof(ProxyProcessMetricsTests).Assembly)
            .WithReference(backend)
            .WaitFor(backend)
            .WithEnvironment("Proxy__Routes__metered__PathPrefix", "/")
            .WithEnvironment("Proxy__Routes__metered__Service", "backend")
            .WithEnvironment("Proxy__ReadTimeout", "00:00:01")
            .WithHttpHealthCheck();
        await using var app = builder.Build();
        await app.StartAsync(cancellationToken);
        var proxy = app.GetInstances("wsproxy")[0].Endpoints["http"];
        Assert.Equal(ResourceState.Running, app.GetInstances("wsproxy")[0].State);
        using var http = new HttpClient();
        using var socket = await WebSocketTestClient.ConnectAsync(new Uri($"ws://{proxy.Authority}/ws/echo"), cancellationToken);
        using (await http.GetAsync(new Uri(proxy, "/ws/echo"), cancellationToken))
        {
        }

        var whileOpen = await http.GetStringAsync(new Uri(proxy, "/metrics"), cancellationToken);
        await socket.ReceiveCloseAsync(cancellationToken);
        const string Ended = "wsproxylab_proxy_tunnels_ended_total{otel_scope_name=\"WsProxyLab.Proxy\",close_sent_to_client=\"1001\",reason=\"ReadTimeout\",route=\"metered\"} 1";
        // A scrape may fall between the two counts of one ended tunnel: wait for both.
        const string ReadTimeouts = "wsproxylab_proxy_timeouts_total{otel_scope_name=\"WsProxyLab.Proxy\",kind=\"read\",route=\"metered\"} 1";
        string afterTimeout;
        do
        {
            afterTimeout = await http.GetStringAsync(new Uri(proxy, "/metrics"), cancellationToken);
        }
        while (!(afterTimeout.Contains(Ended, StringComparison.Ordinal) && afterTimeout.Contains(ReadTimeouts, StringComparison.Ordinal)) && await DelayAsync(cancellationToken));

        Assert.Contains("wsproxylab_proxy_requests_total{otel_scope_name=\"WsProxyLab.Proxy\",outcome=\"upgraded\",route=\"metered\",status=\"101\"} 1", whileOpen);
        Assert.Contains("wsproxylab_proxy_requests_total{otel_scope_name=\"WsProxyLab.Proxy\",outcome=\"http_forwarded\",route=\"metered\",status=\"400\"} 1", whileOpen);
        Assert.Contains("wsproxylab_proxy_tunnels_active{otel_scope_name=\"WsProxyLab.Proxy\",destination=\"backend-0\",route=\"metered\"} 1", whileOpen);
        Assert.Contains("wsproxylab_proxy_tunnels_active{otel_scope_name=\"WsProxyLab.Proxy\",destination=\"backend-0\",route=\"metered\"} 0", afterTimeout);
        Assert.Contains(ReadTimeouts, afterTimeout);
    }

    private static async Task<bool> DelayAsync(CancellationToken cancellationToken)
    {
        // The Prometheus exporter caches a scrape briefly; the new counts appear on a later one.
        await Task.Delay(100, cancellationToken);
        return true;
    }
}
