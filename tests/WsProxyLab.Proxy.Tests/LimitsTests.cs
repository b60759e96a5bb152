using System.Net;

namespace WsProxyLab.Proxy.Tests;

public sealed class LimitsTests
{
    [Fact]
    public async Task MaxTunnels_RefusesTheNextWith503AndRetryAfter()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:MaxTunnels"] = "2" });
        await using var first = await proxy.OpenRawAsync("/ws/echo", cancellationToken);
        await using var second = await proxy.OpenRawAsync("/ws/echo", cancellationToken);
        await using var third = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);

        var (status, head, body) = await third.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo"), cancellationToken);

        Assert.Equal(503, status);
        Assert.Contains("Retry-After: 5", head);
        Assert.Contains("proxy is at its limit of 2 tunnels", body);
    }

    [Fact]
    public async Task MaxTunnelsPerClient_RefusesTheSameAddress_ButNotAnother()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:MaxTunnelsPerClient"] = "1" });
        await using var first = await proxy.OpenRawAsync("/ws/echo", cancellationToken);
        await using var sameClient = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);
        await using var otherClient = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken, IPAddress.Parse("127.0.0.2"));

        var (refused, _, reason) = await sameClient.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo"), cancellationToken);
        var (admitted, _, _) = await otherClient.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo"), cancellationToken);

        Assert.Equal(503, refused);
        Assert.Contains("client 127.0.0.1 is at its limit of 1 tunnels", reason);
        Assert.Equal(101, admitted);
    }

    [Theory]
    [InlineData("https://evil.example", 403)]
    [InlineData("https://app.example", 101)]
    [InlineData(null, 101)]
    public async Task AllowedOrigins_RefuseOtherOriginsWith403(string? origin, int expectedStatus)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:Routes:all:AllowedOrigins:0"] = "https://app.example" });
        await using var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);
        var lines = RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo");
        if (origin is not null)
        {
            lines.Add($"Origin: {origin}");
        }

        var (status, _, body) = await raw.SendHandshakeAsync(lines, cancellationToken);

        Assert.Equal(expectedStatus, status);
        if (expectedStatus == 403)
        {
            Assert.Contains("origin 'https://evil.example' is not allowed on route 'all'", body);
        }
    }

    [Fact]
    public async Task OversizedRequestHeaders_Get431()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:MaxRequestHeadersBytes"] = "4096" });
        await using var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);
        var lines = RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo");
        lines.Add($"X-Padding: {new string('x', 8192)}");

        var (status, _, _) = await raw.SendHandshakeAsync(lines, cancellationToken);

        Assert.Equal(431, status);
    }
}
