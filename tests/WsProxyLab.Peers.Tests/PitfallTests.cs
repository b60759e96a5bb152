using System.Diagnostics;
using System.Net.WebSockets;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.Peers.Tests;

/// <summary>The seed's nginx pitfalls run on real nginx: what each one does to WebSockets and streams, as measured.</summary>
public sealed class PitfallTests(PeerLab lab)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<TargetKind> Nginxes => [TargetKind.NginxProcess, TargetKind.NginxContainer];

    [Theory]
    [MemberData(nameof(Nginxes))]
    public async Task MissingUpgradeHeaders_TheHandshakeFails(TargetKind kind)
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        await using var target = await lab.StartAsync(kind, PitfallProfiles.MissingUpgradeHeaders(lab.Profile));

        var failure = await Assert.ThrowsAsync<WebSocketException>(() => WebSocketTestClient.ConnectAsync(new Uri(target.WebSocketBase, "/ws/echo"), cancellationToken));

        TestContext.Current.TestOutputHelper?.WriteLine($"handshake through the pitfall: {failure.Message}");
    }

    [Theory]
    [MemberData(nameof(Nginxes))]
    public async Task BufferingOn_WithTheHttp11Upstream_StillPassesChunkedEventsAsSent(TargetKind kind)
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        await using var buffered = await lab.StartAsync(kind, PitfallProfiles.BufferingOn(lab.Profile));
        await using var streaming = await lab.StartAsync(kind);

        // Six events 300 ms apart: the stream lasts 1.5 s. The first may ride with the response head either way.
        var delayed = await EventArrivalsAsync(buffered, cancellationToken);
        var prompt = await EventArrivalsAsync(streaming, cancellationToken);

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"buffering on: {string.Join(", ", delayed.Select(t => $"{t.TotalMilliseconds:0} ms"))}");
        output?.WriteLine($"buffering off: {string.Join(", ", prompt.Select(t => $"{t.TotalMilliseconds:0} ms"))}");
        // Measured on nginx 1.22: the seed's buffering delay needs an upstream stream that is not chunked (nginx's default
        // proxy_http_version 1.0 gets one from Kestrel: the whole stream then arrives at its end). Over the HTTP/1.1 that
        // WebSockets need, nginx passes each chunk on as it comes, buffering on or off.
        Assert.Equal(6, delayed.Count);
        Assert.Equal(6, prompt.Count);
        Assert.True(delayed[1] < TimeSpan.FromSeconds(0.9), $"with proxy_buffering on the second event came after {delayed[1].TotalMilliseconds:0} ms; it is sent at 300 ms");
        Assert.True(prompt[1] < TimeSpan.FromSeconds(0.9), $"with proxy_buffering off the second event came after {prompt[1].TotalMilliseconds:0} ms; it is sent at 300 ms");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task DefaultTimeouts_NginxClosesATunnelIdleForSixtySeconds()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(120));
        await using var target = await lab.StartAsync(TargetKind.NginxProcess, PitfallProfiles.DefaultTimeouts(lab.Profile));
        // No keep-alive pongs from the client: nginx re-arms its read timer on traffic in either direction.
        using var socket = await WebSocketTestClient.ConnectAsync(new Uri(target.WebSocketBase, "/ws/echo"), cancellationToken,
            options => options.KeepAliveInterval = TimeSpan.Zero);
        var idle = Stopwatch.StartNew();

        await TargetTests.WaitForEndAsync(socket, cancellationToken);

        Assert.InRange(idle.Elapsed, TimeSpan.FromSeconds(59.5), TimeSpan.FromSeconds(65));
    }

    private static async Task<List<TimeSpan>> EventArrivalsAsync(IPeerTarget target, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var uri = new UriBuilder(target.WebSocketBase) { Scheme = "http", Path = "/stream/sse", Query = "interval=300&count=6" }.Uri;
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var arrivals = new List<TimeSpan>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                arrivals.Add(clock.Elapsed);
            }
        }

        return arrivals;
    }
}
