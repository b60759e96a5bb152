using System.Net;

namespace WsProxyLab.Backends.Tests;

public sealed class BadRequestTests : IAsyncLifetime
{
    private LoopbackBackend _backend = null!;

    public async ValueTask InitializeAsync() => _backend = await LoopbackBackend.StartAsync();

    public ValueTask DisposeAsync() => _backend.DisposeAsync();

    [Theory]
    [InlineData("/ws/echo")]
    [InlineData("/ws/chat?room=r&user=u")]
    [InlineData("/ws/source")]
    [InlineData("/ws/sink")]
    public async Task PlainGetToWebSocketPath_Returns400NamingTheMissingUpgrade(string path)
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(_backend.HttpUri(path), TestTimeouts.CreateTimer());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Upgrade: websocket", await response.Content.ReadAsStringAsync(TestTimeouts.CreateTimer()));
    }

    [Fact]
    public async Task PostToWebSocketPath_Returns400NamingTheMethod()
    {
        using var client = new HttpClient();
        using var response = await client.PostAsync(_backend.HttpUri("/ws/echo"), new StringContent("x"), TestTimeouts.CreateTimer());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("requires GET, got POST", await response.Content.ReadAsStringAsync(TestTimeouts.CreateTimer()));
    }

    [Theory]
    [InlineData("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8", "unsupported Sec-WebSocket-Version '8'")]
    [InlineData("Sec-WebSocket-Key:", null, "Sec-WebSocket-Key")]
    [InlineData("Sec-WebSocket-Key:", "Sec-WebSocket-Key: c2hvcnQ=", "Sec-WebSocket-Key")]
    [InlineData("Connection: Upgrade", "Connection: keep-alive", "Connection: Upgrade")]
    public async Task MalformedHandshake_Returns400WithTheReason(string linePrefix, string? replacement, string expectedReason)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var raw = await RawWebSocketConnection.ConnectAsync(_backend.BaseUri, cancellationToken);
        var lines = RawWebSocketConnection.HandshakeLinesWith(_backend.BaseUri, "/ws/echo", linePrefix, replacement);

        var (status, _, body) = await raw.SendHandshakeAsync(lines, cancellationToken);

        Assert.Equal(400, status);
        Assert.Contains(expectedReason, body);
    }

    [Theory]
    [InlineData("/ws/source?rate=0", "'rate'")]
    [InlineData("/ws/source?rate=100001", "'rate'")]
    [InlineData("/ws/source?size=10", "'size'")]
    [InlineData("/ws/source?count=-1", "'count'")]
    [InlineData("/ws/chat?user=u", "'room'")]
    [InlineData("/ws/chat?room=r", "'user'")]
    [InlineData("/ws/chat?room=a%20b&user=u", "'room'")]
    [InlineData("/ws/chat?room=r&user=u&lastSeq=x", "'lastSeq'")]
    [InlineData("/stream/sse?interval=abc", "'interval'")]
    [InlineData("/stream/chunked?interval=0", "'interval'")]
    public async Task OutOfRangeQueryValue_Returns400NamingTheParameter(string pathAndQuery, string parameter)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var raw = await RawWebSocketConnection.ConnectAsync(_backend.BaseUri, cancellationToken);

        var (status, _, body) = await raw.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(_backend.BaseUri, pathAndQuery), cancellationToken);

        Assert.Equal(400, status);
        Assert.Contains($"query parameter {parameter}", body);
    }
}
