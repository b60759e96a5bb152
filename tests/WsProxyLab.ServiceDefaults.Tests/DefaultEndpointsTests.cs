using System.Net;

namespace WsProxyLab.ServiceDefaults.Tests;

public sealed class DefaultEndpointsTests : IAsyncLifetime
{
    private LoopbackBackend _backend = null!;

    public async ValueTask InitializeAsync() => _backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?>
    {
        ["OTEL_SERVICE_NAME"] = "backend",
        ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=backend-3",
    });

    public ValueTask DisposeAsync() => _backend.DisposeAsync();

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task HealthEndpoints_AnswerHealthy(string path)
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(_backend.HttpUri(path), TestTimeouts.CreateTimer());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestTimeouts.CreateTimer()));
    }

    [Fact]
    public async Task Metrics_ExposePrometheusTextWithLabMetersAndTheOtelResource()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using (var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/echo"), cancellationToken))
        {
            await socket.SendTextAsync("counted", cancellationToken);
            await socket.ReceiveTextAsync(cancellationToken);
        }

        using var client = new HttpClient();
        var text = await client.GetStringAsync(_backend.HttpUri("/metrics"), cancellationToken);

        Assert.Contains("wsproxylab_backend_messages_received_total{otel_scope_name=\"WsProxyLab.Backends\",endpoint=\"/ws/echo\"} 1", text);
        Assert.Contains("service_name=\"backend\"", text);
        Assert.Contains("service_instance_id=\"backend-3\"", text);
    }

    [Fact]
    public async Task Metrics_LeaveOutKestrelsMemoryPool_AndKeepItsConnections()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using (var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/echo"), cancellationToken))
        {
            await socket.SendTextAsync("pooled blocks", cancellationToken);
            await socket.ReceiveTextAsync(cancellationToken);
        }

        using var client = new HttpClient();
        var text = await client.GetStringAsync(_backend.HttpUri("/metrics"), cancellationToken);

        Assert.Contains("kestrel_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("memory_pool", text, StringComparison.Ordinal);
    }
}
