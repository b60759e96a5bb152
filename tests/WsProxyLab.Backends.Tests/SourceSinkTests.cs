using System.Net.WebSockets;
using System.Text.Json;

namespace WsProxyLab.Backends.Tests;

public sealed class SourceSinkTests : IAsyncLifetime
{
    private LoopbackBackend _backend = null!;

    public async ValueTask InitializeAsync() => _backend = await LoopbackBackend.StartAsync();

    public ValueTask DisposeAsync() => _backend.DisposeAsync();

    [Fact]
    public async Task Source_PushesAtTheRequestedRate_ByServerTimestamps()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/source?rate=200&size=128&count=200"), cancellationToken);

        var timestamps = new List<long>();
        for (var i = 1; i <= 200; i++)
        {
            var (type, payload) = await socket.ReceiveMessageAsync(cancellationToken);
            Assert.Equal(WebSocketMessageType.Text, type);
            Assert.Equal(128, payload.Length);
            var message = JsonDocument.Parse(payload).RootElement;
            Assert.Equal(i, message.GetProperty("seq").GetInt64());
            timestamps.Add(message.GetProperty("ts").GetInt64());
        }

        // 200 messages at 200/s span 199 intervals of 5 ms: 995 ms, within 10 %.
        var spanMilliseconds = (timestamps[^1] - timestamps[0]) / 1000.0;
        Assert.InRange(spanMilliseconds, 995 * 0.9, 995 * 1.1);
        Assert.Equal(timestamps.Order(), timestamps);

        var (status, reason) = await socket.ReceiveCloseAsync(cancellationToken);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal("sent 200 messages", reason);
    }

    [Fact]
    public async Task Source_ClientCloses_StopsSendingAndCompletesTheCloseHandshake()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/source?rate=1000"), cancellationToken);
        await socket.ReceiveMessageAsync(cancellationToken);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "enough", cancellationToken);

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task Sink_CountsMessagesAndReportsTotalsInItsClose()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/sink"), cancellationToken);
        for (var i = 0; i < 25; i++)
        {
            await socket.SendAsync(new byte[100], WebSocketMessageType.Binary, true, cancellationToken);
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);

        Assert.Equal("received 25 messages, 2500 bytes", socket.CloseStatusDescription);
    }
}
