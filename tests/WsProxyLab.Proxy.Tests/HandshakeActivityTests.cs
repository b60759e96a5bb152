using System.Collections.Concurrent;
using System.Diagnostics;

namespace WsProxyLab.Proxy.Tests;

public sealed class HandshakeActivityTests : IDisposable
{
    private static readonly ActivitySource TestSource = new("WsProxyLab.Proxy.Tests");

    private readonly Activity _test;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public HandshakeActivityTests()
    {
        // The client's handler sends the test's span as traceparent, so the request's span (ASP.NET Core's) and the
        // handshake span under it share the test's trace; other tests' spans do not.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "WsProxyLab.Proxy" or "Microsoft.AspNetCore" or "WsProxyLab.Proxy.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == _test?.TraceId && activity.Source.Name == "WsProxyLab.Proxy")
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _test = TestSource.StartActivity("test")!;
    }

    [Fact]
    public async Task Upgrade_IsASpanThatEndsAtThe101_TaggedWithRouteDestinationAndOutcome()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri]);

        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);

        // Stopped while the tunnel is still open: the span is the handshake, not the tunnel.
        var span = Assert.Single(await StoppedAsync(cancellationToken));
        Assert.Equal("WebSocket handshake", span.DisplayName);
        Assert.Equal("upgraded", span.GetTagItem("wsproxy.outcome"));
        Assert.Equal(101, span.GetTagItem("http.response.status_code"));
        Assert.NotNull(span.GetTagItem("wsproxy.destination"));
        Assert.NotNull(span.GetTagItem("wsproxy.route"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
        await socket.SendTextAsync("after the span", cancellationToken);
        Assert.Equal("after the span", await socket.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task UnreachableUpstream_IsAnErrorSpanWithThe502()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var closedPort = new Uri($"http://127.0.0.1:{Peers.Processes.PortAllocator.GetFreePort()}");
        await using var proxy = await LoopbackProxy.StartAsync([closedPort]);

        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken));

        var span = Assert.Single(await StoppedAsync(cancellationToken));
        Assert.Equal(502, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    public void Dispose()
    {
        _test.Dispose();
        _listener.Dispose();
    }

    private async Task<IReadOnlyList<Activity>> StoppedAsync(CancellationToken cancellationToken)
    {
        while (_stopped.IsEmpty)
        {
            await Task.Delay(20, cancellationToken);
        }

        return [.. _stopped];
    }
}
