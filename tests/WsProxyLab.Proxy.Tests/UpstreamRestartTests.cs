using System.Net.WebSockets;

namespace WsProxyLab.Proxy.Tests;

public sealed class UpstreamRestartTests
{
    [Fact]
    public async Task AnUpstreamThatVanishesWhileItsHealthSaysDown_GivesTheClient1012()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var upstream = await DrainingUpstream.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([upstream.BaseUri], new Dictionary<string, string?> { ["Proxy:Routes:all:ActiveHealth:Interval"] = "00:00:00.100" });
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws"), cancellationToken);

        upstream.StartDraining();
        while (upstream.UnhealthyAnswers < 2)
        {
            // Probes of a route run one after another: once the second 503 is asked for, the first has been applied.
            await Task.Delay(20, cancellationToken);
        }

        upstream.DropConnections();
        var (status, reason) = await socket.ReceiveCloseAsync(cancellationToken);

        Assert.Equal((WebSocketCloseStatus)1012, status);
        Assert.Equal("upstream is restarting", reason);
    }
}
