using System.Net.WebSockets;

namespace WsProxyLab.Backends.Tests;

public sealed class IdentityTests
{
    [Fact]
    public async Task Handshake_CarriesTheConfiguredInstanceId_DifferentPerReplica()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var first = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "alpha" });
        await using var second = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "beta" });

        using var toFirst = await WebSocketTestClient.ConnectAsync(first.WebSocketUri("/ws/echo"), cancellationToken);
        using var toSecond = await WebSocketTestClient.ConnectAsync(second.WebSocketUri("/ws/echo"), cancellationToken);

        Assert.Equal("alpha", toFirst.ResponseHeader("X-Backend-Instance"));
        Assert.Equal("beta", toSecond.ResponseHeader("X-Backend-Instance"));
    }

    [Fact]
    public async Task InstanceId_FallsBackToAspireServiceInstanceId()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=lab,service.instance.id=backend-7",
        });

        using var socket = await WebSocketTestClient.ConnectAsync(backend.WebSocketUri("/ws/echo"), cancellationToken);

        Assert.Equal("backend-7", socket.ResponseHeader("X-Backend-Instance"));
    }

    [Fact]
    public async Task InstanceId_DefaultsToTheListeningPort()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();

        using var socket = await WebSocketTestClient.ConnectAsync(backend.WebSocketUri("/ws/echo"), cancellationToken);

        Assert.Equal($"backend-{backend.BaseUri.Port}", socket.ResponseHeader("X-Backend-Instance"));
        Assert.Equal(WebSocketState.Open, socket.State);
    }
}
