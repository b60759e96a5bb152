using System.Net.WebSockets;
using System.Security.Cryptography;

namespace WsProxyLab.Proxy.Tests;

public sealed class UpgradeTunnelTests
{
    [Fact]
    public async Task Echo_ThroughProxy_RoundTripsTextAndBinary_AndShowsTheBackendInstance()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "behind-proxy" });
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri]);
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);

        Assert.Equal("behind-proxy", socket.ResponseHeader("X-Backend-Instance"));
        await socket.SendTextAsync("through the tunnel", cancellationToken);
        Assert.Equal("through the tunnel", await socket.ReceiveTextAsync(cancellationToken));
        var binary = RandomNumberGenerator.GetBytes(200_000);
        await socket.SendAsync(binary, WebSocketMessageType.Binary, true, cancellationToken);
        Assert.Equal(binary, (await socket.ReceiveMessageAsync(cancellationToken)).Payload);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task PermessageDeflate_IsNegotiatedEndToEndByClientAndBackend()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri]);

        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken,
            options => options.DangerousDeflateOptions = new WebSocketDeflateOptions());

        Assert.Contains("permessage-deflate", socket.ResponseHeader("Sec-WebSocket-Extensions"));
        var text = string.Concat(Enumerable.Repeat("squeeze ", 1000));
        await socket.SendTextAsync(text, cancellationToken);
        Assert.Equal(text, await socket.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task Destinations_AreUsedInTurn()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var first = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "a" });
        await using var second = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "b" });
        await using var proxy = await LoopbackProxy.StartAsync([first.BaseUri, second.BaseUri]);

        var seen = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
            seen.Add(socket.ResponseHeader("X-Backend-Instance"));
        }

        Assert.Equal(2, seen.Count(id => id == "a"));
        Assert.Equal(2, seen.Count(id => id == "b"));
        Assert.NotEqual(seen[0], seen[1]);
    }

    [Fact]
    public async Task ServiceRoute_UsesEveryReplicaFromAspireServiceDiscoveryVariables()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var first = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "backend-0" });
        await using var second = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "backend-1" });
        await using var proxy = await LoopbackProxy.StartAsync([], new Dictionary<string, string?>
        {
            ["Proxy:Routes:all:PathPrefix"] = "/",
            ["Proxy:Routes:all:Service"] = "backend",
            ["services:backend:http:0"] = first.BaseUri.GetLeftPart(UriPartial.Authority),
            ["services:backend:http:1"] = second.BaseUri.GetLeftPart(UriPartial.Authority),
        });

        var seen = new HashSet<string?>();
        for (var i = 0; i < 2; i++)
        {
            using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
            seen.Add(socket.ResponseHeader("X-Backend-Instance"));
        }

        Assert.Equal(["backend-0", "backend-1"], seen.Order());
    }

    [Fact]
    public async Task UnreachableDestination_IsSkippedForTheNextOne()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "alive" });
        var closedPort = new Uri($"http://127.0.0.1:{Peers.Processes.PortAllocator.GetFreePort()}");
        await using var proxy = await LoopbackProxy.StartAsync([closedPort, backend.BaseUri]);

        for (var i = 0; i < 2; i++)
        {
            using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
            Assert.Equal("alive", socket.ResponseHeader("X-Backend-Instance"));
        }
    }

    [Fact]
    public async Task NoReachableDestination_Returns502NamingEachFailure()
    {
        var closedPort = new Uri($"http://127.0.0.1:{Peers.Processes.PortAllocator.GetFreePort()}");
        await using var proxy = await LoopbackProxy.StartAsync([closedPort]);
        await using var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, TestTimeouts.CreateTimer());

        var (status, _, body) = await raw.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo"), TestTimeouts.CreateTimer());

        Assert.Equal(502, status);
        Assert.Contains("no destination of route 'all' is reachable: d0 (Connection refused)", body);
    }

    [Fact]
    public async Task UpstreamRefusal_IsPassedToTheClientWithItsStatusAndReason()
    {
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri]);
        await using var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, TestTimeouts.CreateTimer());

        var (status, _, body) = await raw.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/source?rate=0"), TestTimeouts.CreateTimer());

        Assert.Equal(400, status);
        Assert.Contains("query parameter 'rate' is '0'", body);
    }

    [Fact]
    public async Task BackendGracefulStop_Its1001ReachesTheClientThroughTheTunnel()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri]);
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        var close = socket.ReceiveCloseAsync(cancellationToken);

        await backend.App.StopAsync(cancellationToken);

        var (status, reason) = await close;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        Assert.Equal("server shutting down", reason);
        await backend.DisposeAsync();
    }

    [Fact]
    public async Task ReadTimeout_ClosesASilentTunnelWith1001NamingTheTimeout()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:ReadTimeout"] = "00:00:01" });
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        await socket.SendTextAsync("still talking", cancellationToken);
        await socket.ReceiveTextAsync(cancellationToken);
        var idleSince = DateTime.UtcNow;

        var (status, reason) = await socket.ReceiveCloseAsync(cancellationToken);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        Assert.Equal("proxy read timeout: upstream sent nothing for 1 s", reason);
        Assert.True(DateTime.UtcNow - idleSince >= TimeSpan.FromSeconds(0.9), "the tunnel closed before the read timeout");
    }

    [Fact]
    public async Task UpstreamDisappearsMidSession_ClientGets1011InsteadOf1006()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var upstream = new RecordingUpstream("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        await using var proxy = await LoopbackProxy.StartAsync([upstream.Address]);
        await using var raw = await proxy.OpenRawAsync("/ws/echo", cancellationToken);

        var (opcode, payload) = await raw.ReceiveFrameAsync(cancellationToken);

        Assert.Equal(0x8, opcode);
        Assert.Equal(1011, (payload[0] << 8) | payload[1]);
        Assert.Equal("upstream closed the connection without a close frame", System.Text.Encoding.UTF8.GetString(payload, 2, payload.Length - 2));
    }

    [Fact]
    public async Task ClientVanishes_UpstreamGetsAMaskedClose1001()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var upstream = new RecordingUpstream("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", keepOpen: true);
        await using var proxy = await LoopbackProxy.StartAsync([upstream.Address]);
        var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);
        await raw.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo"), cancellationToken);

        await raw.DisposeAsync();
        var received = await upstream.Received.WaitAsync(cancellationToken);

        Assert.Equal(0x88, received[0]);
        Assert.Equal(0x80, received[1] & 0x80);
        var mask = received.AsSpan(2, 4).ToArray();
        var payload = received.Skip(6).Select((b, i) => (byte)(b ^ mask[i % 4])).ToArray();
        Assert.Equal(1001, (payload[0] << 8) | payload[1]);
        Assert.Equal("client connection lost", System.Text.Encoding.UTF8.GetString(payload, 2, payload.Length - 2));
    }

    [Fact]
    public async Task ProxyStop_EndsOpenTunnelsInsteadOfWaitingForThem()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        var proxy = await LoopbackProxy.StartAsync([backend.BaseUri]);
        using var socket = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        var ended = socket.ReceiveMessageAsync(cancellationToken);

        // Without ending its tunnels, Kestrel would wait its 30 s shutdown timeout for them; 5 s is ample for a prompt stop.
        await proxy.App.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);

        Assert.Equal(WebSocketMessageType.Close, (await ended).Type);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        Assert.Equal("proxy shutting down", socket.CloseStatusDescription);
        await proxy.DisposeAsync();
    }
}
