using System.Net.WebSockets;

namespace WsProxyLab.Backends.Tests;

public sealed class GracefulStopTests
{
    [Fact]
    public async Task Stop_EveryOpenWebSocketGets1001()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var backend = await LoopbackBackend.StartAsync();
        using var echo = await WebSocketTestClient.ConnectAsync(backend.WebSocketUri("/ws/echo"), cancellationToken);
        using var chat = await WebSocketTestClient.ConnectAsync(backend.WebSocketUri("/ws/chat?room=r&user=u"), cancellationToken);
        using var source = await WebSocketTestClient.ConnectAsync(backend.WebSocketUri("/ws/source?rate=50"), cancellationToken);
        using var sink = await WebSocketTestClient.ConnectAsync(backend.WebSocketUri("/ws/sink"), cancellationToken);

        var closes = new[] { echo, chat, source, sink }.Select(socket => socket.ReceiveCloseAsync(cancellationToken)).ToList();
        await backend.App.StopAsync(cancellationToken);

        foreach (var close in await Task.WhenAll(closes))
        {
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.Status);
            Assert.Equal("server shutting down", close.Reason);
        }

        await backend.DisposeAsync();
    }
}
