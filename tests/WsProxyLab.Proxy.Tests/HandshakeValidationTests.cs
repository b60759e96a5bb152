using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using WsProxyLab.Proxy.Hosting;

namespace WsProxyLab.Proxy.Tests;

public sealed class HandshakeValidationTests
{
    [Theory]
    [InlineData("Sec-WebSocket-Key", null, 400, "missing Sec-WebSocket-Key header")]
    [InlineData("Sec-WebSocket-Key", "Sec-WebSocket-Key: dGVuIGJ5dGVzIQ==", 400, "invalid Sec-WebSocket-Key 'dGVuIGJ5dGVzIQ==' (must be 16 bytes, base64-encoded)")]
    [InlineData("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8", 426, "unsupported Sec-WebSocket-Version '8'; expected 13")]
    [InlineData("Sec-WebSocket-Version", null, 426, "missing Sec-WebSocket-Version header; expected 13")]
    [InlineData("GET ", "POST /ws/echo HTTP/1.1", 400, "WebSocket handshake requires GET, got POST")]
    [InlineData("GET ", "GET /ws/echo HTTP/1.0", 400, "WebSocket handshake requires HTTP/1.1 or later, got HTTP/1.0")]
    public async Task MalformedHandshake_IsRefusedByTheProxyWithItsReason_AndNoUpstreamIsContacted(string lineStart, string? replacement, int expectedStatus, string expectedReason)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var upstream = new TcpListener(System.Net.IPAddress.Loopback, 0);
        upstream.Start();
        try
        {
            await using var proxy = await LoopbackProxy.StartAsync([new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)upstream.LocalEndpoint).Port}")]);
            await using var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);
            var lines = RawWebSocketConnection.HandshakeLinesWith(proxy.BaseUri, "/ws/echo", lineStart, replacement);

            var (status, head, body) = await raw.SendHandshakeAsync(lines, cancellationToken);

            Assert.Equal(expectedStatus, status);
            Assert.Contains(expectedReason + "\n", body, StringComparison.Ordinal);
            Assert.Equal(expectedStatus == 426, head.Contains("Sec-WebSocket-Version: 13\r\n", StringComparison.OrdinalIgnoreCase));
            Assert.False(upstream.Pending());
        }
        finally
        {
            upstream.Stop();
        }
    }

    [Theory]
    [InlineData("X-Big", 431, "Request headers too long")]
    [InlineData("Host-again", 400, "Multiple Host headers")]
    [InlineData("X-Nul", 400, "Malformed request: invalid headers")]
    public async Task AHeadKestrelRefuses_GetsItsStatus_AndTheReasonIsInTheProxysLog(string header, int expectedStatus, string expectedReason)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var log = new RecordingLoggerProvider();
        await using var proxy = await LoopbackProxy.StartAsync([new Uri("http://127.0.0.1:9")], configure: builder => builder.Logging.AddProvider(log));
        await using var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);
        var lines = RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo");
        lines.Add(header switch
        {
            "X-Big" => "X-Big: " + new string('a', 64 * 1024),
            "Host-again" => "Host: elsewhere.example",
            _ => "X-Nul: a\0b",
        });

        var (status, _, _) = await raw.SendHandshakeAsync(lines, cancellationToken);

        Assert.Equal(expectedStatus, status);
        var refusal = Assert.Single(log.Entries, entry => entry.Category == ProxyApplication.KestrelBadRequestsCategory && entry.Message.Contains("bad request data", StringComparison.Ordinal));
        Assert.True(refusal.Message.Contains(expectedReason, StringComparison.OrdinalIgnoreCase), refusal.Message);
    }
}
