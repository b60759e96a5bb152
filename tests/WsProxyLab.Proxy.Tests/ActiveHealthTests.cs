using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WsProxyLab.Proxy.Tests;

public sealed class ActiveHealthTests
{
    [Fact]
    public async Task UnhealthyDestination_GetsNoNewTunnels_ThoughItStillAcceptsThem()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var sick = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "sick" },
            builder => builder.Services.AddHealthChecks().AddCheck("failing", () => HealthCheckResult.Unhealthy("test")));
        await using var well = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "well" });
        await using var proxy = await LoopbackProxy.StartAsync([sick.BaseUri, well.BaseUri], new Dictionary<string, string?>
        {
            ["Proxy:Routes:all:ActiveHealth:Interval"] = "00:00:01",
        });

        var seen = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
            seen.Add(socket.ResponseHeader("X-Backend-Instance"));
        }

        // Round-robin alone would send two of the four to "sick"; its failing /health keeps them all on "well".
        Assert.All(seen, instance => Assert.Equal("well", instance));
    }
}
