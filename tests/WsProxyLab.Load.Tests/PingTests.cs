using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using WsProxyLab.Load.Connections;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Tests;

/// <summary>Protocol pings between a pool's frames, timed to their pongs (k6's <c>ws_ping</c>).</summary>
public sealed class PingTests
{
    [Fact]
    public async Task Pings_BetweenMessagesOfEverySize_ComeBackAsPongs_AndTheEchoesStayWhole()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(30));
        await using var backend = await LoopbackBackend.StartAsync();
        var metrics = new WebSocketMetrics();
        var echoed = new List<int>();
        var received = 0;
        await using var pool = await ConnectionPool.OpenAsync(new SourceAddressConnector(sourceAddresses: 1), backend.WebSocketUri("/ws/echo"),
            new ConnectionPoolOptions { Count = 1, Pings = true },
            (_, frame, endOfMessage) =>
            {
                received += frame.Length;
                if (endOfMessage)
                {
                    lock (echoed)
                    {
                        echoed.Add(received);
                    }

                    received = 0;
                }
            },
            metrics: metrics, cancellationToken: cancellationToken);
        var connection = pool.NextOpen()!;
        // 7-bit, 16-bit and 64-bit payload lengths: the stream must follow every header to find the pongs.
        int[] sizes = [64, 1024, 70_000, 64, 1024, 70_000];

        var pings = new List<TimeSpan>();
        foreach (var size in sizes)
        {
            await connection.SendAsync(new byte[size], WebSocketMessageType.Binary, cancellationToken);
            pings.Add(await connection.PingAsync(cancellationToken));
        }

        while (echoed.Count < sizes.Length)
        {
            await Task.Delay(10, cancellationToken);
        }

        Assert.Equal(sizes, echoed);
        Assert.All(pings, roundTrip => Assert.InRange(roundTrip, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(5)));
        Assert.Equal(6, metrics.Snapshot(TimeSpan.FromSeconds(1)).Single(metric => metric.Name == "ws_ping").Ok.Count);
    }

    [Fact]
    public async Task AnUnsolicitedPong_DoesNotAnswerAPing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = ServeAsync(listener, answerPings: false);
        await using var pool = await ConnectionPool.OpenAsync(new SourceAddressConnector(sourceAddresses: 1), new Uri($"ws://{listener.LocalEndpoint}/"),
            new ConnectionPoolOptions { Count = 1, Pings = true }, cancellationToken: TestTimeouts.CreateTimer());
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pool.NextOpen()!.PingAsync(deadline.Token));
        await pool.DisposeAsync();
        await server;
    }

    [Fact]
    public async Task APongCarryingThePingsPayload_AnswersIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = ServeAsync(listener, answerPings: true);
        await using var pool = await ConnectionPool.OpenAsync(new SourceAddressConnector(sourceAddresses: 1), new Uri($"ws://{listener.LocalEndpoint}/"),
            new ConnectionPoolOptions { Count = 1, Pings = true }, cancellationToken: TestTimeouts.CreateTimer());

        var roundTrip = await pool.NextOpen()!.PingAsync(TestTimeouts.CreateTimer());

        Assert.True(roundTrip > TimeSpan.Zero);
        await pool.DisposeAsync();
        await server;
    }

    [Fact]
    public async Task Pinging_WithoutThePoolsPingOption_IsRefused()
    {
        await using var backend = await LoopbackBackend.StartAsync();
        await using var pool = await ConnectionPool.OpenAsync(new SourceAddressConnector(sourceAddresses: 1), backend.WebSocketUri("/ws/echo"),
            new ConnectionPoolOptions { Count = 1 }, cancellationToken: TestTimeouts.CreateTimer());

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(async () => await pool.NextOpen()!.PingAsync(TestTimeouts.CreateTimer()));

        Assert.Contains("ConnectionPoolOptions.Pings", refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A WebSocket server written byte by byte: after its 101 it reads the client's ping, sends a pong with a payload no
    /// ping carried (a keep-alive pong), then, when <paramref name="answerPings"/>, the pong that returns the ping's payload.
    /// </summary>
    private static async Task ServeAsync(TcpListener listener, bool answerPings)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var (client, accept) = await HandWrittenServer.AcceptHandshakeAsync(listener, cancellationToken);
        using var connection = client;
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(HandWrittenServer.SwitchingProtocols(accept)), cancellationToken);
        var ping = new byte[14];
        if (await stream.ReadAtLeastAsync(ping, ping.Length, throwOnEndOfStream: false, cancellationToken) < ping.Length)
        {
            return;
        }

        Assert.Equal(0x89, ping[0]);
        await stream.WriteAsync(new byte[] { 0x8A, 8, 1, 2, 3, 4, 5, 6, 7, 8 }, cancellationToken);
        if (answerPings)
        {
            var pong = new byte[10];
            pong[0] = 0x8A;
            pong[1] = 8;
            for (var index = 0; index < 8; index++)
            {
                pong[2 + index] = (byte)(ping[6 + index] ^ ping[2 + (index % 4)]);
            }

            await stream.WriteAsync(pong, cancellationToken);
        }

        await HandWrittenServer.HoldUntilTheClientGoesAsync(stream, cancellationToken);
    }
}
