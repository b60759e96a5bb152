using System.Net;
using System.Text.Json;

namespace WsProxyLab.Proxy.Tests;

public sealed class HttpForwardingTests
{
    [Theory]
    [InlineData("/stream/sse?interval=100&count=6")]
    [InlineData("/stream/chunked?interval=100&count=6")]
    public async Task StreamedResponse_PassesThroughUnbuffered(string pathAndQuery)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri]);
        using var client = new HttpClient();
        using var response = await client.GetAsync(proxy.HttpUri(pathAndQuery), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));

        var delays = new List<double>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var json = line.StartsWith("data: ", StringComparison.Ordinal) ? line[6..] : line.StartsWith('{') ? line : null;
            if (json is not null)
            {
                var sentAt = JsonDocument.Parse(json).RootElement.GetProperty("ts").GetInt64();
                delays.Add((NowMicroseconds() - sentAt) / 1000.0);
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(6, delays.Count);
        // Each event reaches the client long before the next one is due: nothing is held back by the proxy.
        Assert.All(delays, delay => Assert.True(delay < 50, $"an event arrived {delay:0.0} ms after it was sent"));
    }

    [Fact]
    public async Task UpstreamStatusAndBody_ArePassedThrough()
    {
        await using var backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "plain" });
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri]);
        using var client = new HttpClient();

        using var response = await client.GetAsync(proxy.HttpUri("/ws/echo"), TestTimeouts.CreateTimer());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("plain", response.Headers.GetValues("X-Backend-Instance").Single());
        Assert.Contains("missing 'Upgrade: websocket' header", await response.Content.ReadAsStringAsync(TestTimeouts.CreateTimer()));
    }

    [Fact]
    public async Task NoReachableDestination_Returns502()
    {
        var closedPort = new Uri($"http://127.0.0.1:{Peers.Processes.PortAllocator.GetFreePort()}");
        await using var proxy = await LoopbackProxy.StartAsync([closedPort]);
        using var client = new HttpClient();

        using var response = await client.GetAsync(proxy.HttpUri("/stream/sse"), TestTimeouts.CreateTimer());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("no destination of route 'all' is reachable: d0", await response.Content.ReadAsStringAsync(TestTimeouts.CreateTimer()));
    }

    private static long NowMicroseconds() => (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
