using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;

namespace WsProxyLab.Proxy.Tests;

public sealed class DrainTests
{
    [Fact]
    public async Task Stop_Drains_Closing1001SpreadOverTheWindow()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:DrainWindow"] = "00:00:01" });
        var sockets = new List<ClientWebSocket>();
        for (var i = 0; i < 4; i++)
        {
            sockets.Add(await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken));
        }

        var clock = Stopwatch.StartNew();
        var closes = sockets.Select(async socket =>
        {
            var close = await socket.ReceiveCloseAsync(cancellationToken);
            return (close.Status, close.Reason, At: clock.Elapsed);
        }).ToList();
        await proxy.App.StopAsync(CancellationToken.None).WaitAsync(cancellationToken);

        var results = await Task.WhenAll(closes);
        Assert.All(results, result => Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, result.Status));
        Assert.All(results, result => Assert.Equal("proxy shutting down", result.Reason));
        // Four tunnels over a 1 s window: the last close comes about 0.75 s after the first, not all at once.
        Assert.True(results.Max(r => r.At) - results.Min(r => r.At) >= TimeSpan.FromSeconds(0.5), "the closes were not spread over the drain window");
        sockets.ForEach(socket => socket.Dispose());
        await proxy.DisposeAsync();
    }

    [Fact]
    public async Task AdminDrain_RefusesNewRequests_TurnsHealthRed_ThenAsksTheProxyToStop()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:DrainWindow"] = "00:00:02" });
        using var first = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        using var second = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        // The process's RunAsync turns StopApplication into an exit; a test host only sees the stop being requested.
        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.App.Lifetime.ApplicationStopping.Register(() => stopRequested.TrySetResult());
        using var http = new HttpClient();

        using var drain = await http.PostAsync(proxy.HttpUri("/admin/drain"), null, cancellationToken);
        using var refused = await http.GetAsync(proxy.HttpUri("/stream/sse?count=1"), cancellationToken);
        using var health = await http.GetAsync(proxy.HttpUri("/health"), cancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, drain.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("proxy is draining", await refused.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await first.ReceiveCloseAsync(cancellationToken)).Status);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await second.ReceiveCloseAsync(cancellationToken)).Status);
        await stopRequested.Task.WaitAsync(cancellationToken);
        await proxy.DisposeAsync();
    }
}
