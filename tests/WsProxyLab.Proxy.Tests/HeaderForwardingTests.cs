namespace WsProxyLab.Proxy.Tests;

public sealed class HeaderForwardingTests
{
    [Fact]
    public async Task UpgradeRequest_KeepsEndToEndHeaders_DropsHopByHop_AddsForwardedHeaders()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var upstream = new RecordingUpstream("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n");
        await using var proxy = await LoopbackProxy.StartAsync([upstream.Address]);
        await using var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);
        var lines = RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo?x=1");
        // Extra Connection tokens (Connection: Upgrade, X-Hop) cannot be tested here: Kestrel hands an upgrade request's
        // Connection header to the application as plain "Upgrade".
        lines.AddRange(["Keep-Alive: timeout=5", "Proxy-Connection: keep-alive", "Sec-WebSocket-Protocol: chat.v1", "X-App: kept"]);
        var key = lines.Single(line => line.StartsWith("Sec-WebSocket-Key:", StringComparison.Ordinal));

        var (status, head, _) = await raw.SendHandshakeAsync(lines, cancellationToken);
        var forwarded = await upstream.Request.WaitAsync(cancellationToken);

        Assert.Equal(101, status);
        Assert.Contains("Sec-WebSocket-Accept: x", head);
        Assert.StartsWith("GET /ws/echo?x=1 HTTP/1.1\r\n", forwarded);
        Assert.Contains(key + "\r\n", forwarded);
        Assert.Contains("Sec-WebSocket-Version: 13\r\n", forwarded);
        Assert.Contains("Sec-WebSocket-Protocol: chat.v1\r\n", forwarded);
        Assert.Contains("X-App: kept\r\n", forwarded);
        Assert.Contains("Connection: Upgrade\r\n", forwarded);
        Assert.Contains("Upgrade: websocket\r\n", forwarded);
        Assert.DoesNotContain("Keep-Alive", forwarded);
        Assert.DoesNotContain("Proxy-Connection", forwarded);
        Assert.Contains("X-Forwarded-For: 127.0.0.1\r\n", forwarded);
        Assert.Contains("X-Forwarded-Proto: http\r\n", forwarded);
        Assert.Contains($"X-Forwarded-Host: {proxy.BaseUri.Authority}\r\n", forwarded);
    }

    [Fact]
    public async Task UpstreamAnswering200_IsReportedWithItsStatusNot101()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var upstream = new RecordingUpstream("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        await using var proxy = await LoopbackProxy.StartAsync([upstream.Address]);
        await using var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);

        var (status, _, body) = await raw.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/"), cancellationToken);

        Assert.Equal(200, status);
        Assert.Equal("hello", body);
    }
}
