using System.Net;
using System.Net.Sockets;
using WsProxyLab.Proxy.Balancing;
using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Tests;

public sealed class PassiveHealthTests
{
    [Fact]
    public void MaxFailsWithinFailTimeout_MakeTheDestinationUnavailableForFailTimeout()
    {
        var clock = new ManualTimeProvider();
        var destination = new Destination("d0", new Uri("http://127.0.0.1:1"), new PassiveHealthConfig { MaxFails = 2, FailTimeout = TimeSpan.FromSeconds(10) }, clock);

        destination.RecordFailure();
        Assert.True(destination.IsAvailable);
        clock.Advance(TimeSpan.FromSeconds(11));
        destination.RecordFailure();
        Assert.True(destination.IsAvailable); // the first failure fell out of the window
        clock.Advance(TimeSpan.FromSeconds(1));
        destination.RecordFailure();
        Assert.False(destination.IsAvailable);
        clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(destination.IsAvailable);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.True(destination.IsAvailable);
    }

    [Fact]
    public void MaxFailsZero_TurnsPassiveHealthOff()
    {
        var destination = new Destination("d0", new Uri("http://127.0.0.1:1"), new PassiveHealthConfig { MaxFails = 0 }, new ManualTimeProvider());

        destination.RecordFailure();
        destination.RecordFailure();

        Assert.True(destination.IsAvailable);
    }

    [Fact]
    public async Task FailingDestination_GetsNoNewRequestsWithinFailTimeout()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var flaky = new TcpListener(IPAddress.Loopback, 0);
        flaky.Start();
        var accepted = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var connection = await flaky.AcceptTcpClientAsync(cancellationToken);
                Interlocked.Increment(ref accepted);
                // Closing at once fails the upgrade handshake: a failure for passive health.
            }
        }, cancellationToken);
        await using var backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "healthy" });
        await using var proxy = await LoopbackProxy.StartAsync(
            [new Uri($"http://127.0.0.1:{((IPEndPoint)flaky.LocalEndpoint).Port}"), backend.BaseUri],
            new Dictionary<string, string?> { ["Proxy:Routes:all:PassiveHealth:FailTimeout"] = "00:01:00" });

        var statuses = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            await using var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);
            statuses.Add((await raw.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo"), cancellationToken)).StatusCode);
        }

        // Round-robin sends the first request to the flaky destination (502); afterwards it is skipped.
        Assert.Equal([502, 101, 101, 101, 101, 101], statuses);
        Assert.Equal(1, Volatile.Read(ref accepted));
    }

    private sealed class ManualTimeProvider : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
