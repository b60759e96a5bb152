using System.Diagnostics;
using System.Net.WebSockets;
using WsProxyLab.Load.Connections;

namespace WsProxyLab.Load.Tests;

public sealed class ConnectionPoolTests
{
    [Fact]
    public async Task Pool_HoldsEveryConnectionFromSeveralAddresses_AndItsReceiveLoopsSeeEveryEcho()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        await using var backend = await LoopbackBackend.StartAsync();
        var connector = new SourceAddressConnector(sourceAddresses: 4);
        var echoed = 0;
        await using var pool = await ConnectionPool.OpenAsync(connector, backend.WebSocketUri("/ws/echo"), new ConnectionPoolOptions { Count = 200, Concurrency = 32 },
            (_, payload, endOfMessage) =>
            {
                if (endOfMessage && payload.Length == 5)
                {
                    Interlocked.Increment(ref echoed);
                }
            }, cancellationToken: cancellationToken);

        foreach (var connection in pool.Connections)
        {
            await connection.Socket.SendTextAsync("hello", cancellationToken);
        }

        while (Volatile.Read(ref echoed) < 200)
        {
            await Task.Delay(20, cancellationToken);
        }

        Assert.Equal(200, pool.Open);
        Assert.Empty(pool.ConnectFailures);
        Assert.All(pool.Connections, connection => Assert.Equal(1, connection.MessagesReceived));
        Assert.Empty(pool.CloseCodes);
    }

    [Fact]
    public async Task ABackendThatGoes_EndsEveryHeldConnection_AndTheCloseCodesAreCounted()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        var backend = await LoopbackBackend.StartAsync();
        var connector = new SourceAddressConnector(sourceAddresses: 2);
        var closed = new System.Collections.Concurrent.ConcurrentBag<int?>();
        await using var pool = await ConnectionPool.OpenAsync(connector, backend.WebSocketUri("/ws/echo"), new ConnectionPoolOptions { Count = 50 },
            onClosed: connection => closed.Add(connection.CloseCode), cancellationToken: cancellationToken);
        var beforeDrop = Enumerable.Range(0, 50).Select(_ => pool.NextOpen()!.Index).ToHashSet();

        await backend.DisposeAsync();
        while (pool.Open > 0)
        {
            await Task.Delay(20, cancellationToken);
        }

        Assert.Equal(50, beforeDrop.Count);
        Assert.Equal(50, pool.CloseCodes.Values.Sum());
        Assert.All(pool.Connections, connection => Assert.NotNull(connection.CloseCode));
        Assert.Equal(50, closed.Count);
        Assert.All(closed, code => Assert.NotNull(code));
        Assert.Null(pool.NextOpen());
    }

    [Fact]
    public async Task AnUnreachableTarget_IsCountedAsFailedHandshakes_NotHidden()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(30));
        var connector = new SourceAddressConnector(sourceAddresses: 1);

        await using var pool = await ConnectionPool.OpenAsync(connector, new Uri("ws://127.0.0.1:1/ws/echo"), new ConnectionPoolOptions { Count = 5 }, cancellationToken: cancellationToken);

        Assert.Empty(pool.Connections);
        Assert.Equal(5, pool.ConnectFailures.Values.Sum());
        Assert.Contains(pool.ConnectFailures.Keys, failure => failure.StartsWith(nameof(WebSocketException), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RampPerSecond_SpreadsTheHandshakes()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(30));
        await using var backend = await LoopbackBackend.StartAsync();
        var connector = new SourceAddressConnector(sourceAddresses: 1);
        var clock = Stopwatch.StartNew();

        await using var pool = await ConnectionPool.OpenAsync(connector, backend.WebSocketUri("/ws/echo"), new ConnectionPoolOptions { Count = 21, RampPerSecond = 40 }, cancellationToken: cancellationToken);

        Assert.Equal(21, pool.Open);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.45), $"21 connections at 40/s opened in {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void BadOptions_NameTheValue()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionPoolOptions { Count = 10, Concurrency = 0 }.Validate());

        Assert.Equal("Concurrency", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SourceAddressConnector(sourceAddresses: -1));
    }
}
