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
    public async Task BufferingOn_HoldsStreamedEventsUntilTheStreamEnds_AndBufferingIsTheCause(TargetKind kind)
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        var pitfall = PitfallProfiles.BufferingOn(lab.Profile);
        await using var buffered = await lab.StartAsync(kind, pitfall);
        await using var unbuffered = await lab.StartAsync(kind, pitfall with { Buffering = false });
        await using var bufferedOverHttp11 = await lab.StartAsync(kind, pitfall with { UpstreamHttp11 = true });

        // Six events 300 ms apart: the stream lasts 1.5 s. The first may ride with the response head either way.
        var held = await EventArrivalsAsync(buffered, cancellationToken);
        var prompt = await EventArrivalsAsync(unbuffered, cancellationToken);
        var chunked = await EventArrivalsAsync(bufferedOverHttp11, cancellationToken);

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"buffering on, HTTP/1.0 upstream: {Format(held)}");
        output?.WriteLine($"buffering off, HTTP/1.0 upstream: {Format(prompt)}");
        output?.WriteLine($"buffering on, HTTP/1.1 upstream: {Format(chunked)}");
        Assert.All([held, prompt, chunked], arrivals => Assert.Equal(6, arrivals.Count));
        Assert.True(held[1] >= TimeSpan.FromSeconds(1.2), $"with proxy_buffering on the second event came after {held[1].TotalMilliseconds:0} ms; it should wait for the stream to end");
        Assert.True(prompt[1] < TimeSpan.FromSeconds(0.9), $"with proxy_buffering off the second event came after {prompt[1].TotalMilliseconds:0} ms; it is sent at 300 ms");
        // Measured on nginx 1.22: over HTTP/1.1 the stream is chunked and nginx passes each chunk on as it comes.
        Assert.True(chunked[1] < TimeSpan.FromSeconds(0.9), $"with proxy_buffering on over HTTP/1.1 the second event came after {chunked[1].TotalMilliseconds:0} ms");
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

    private static string Format(List<TimeSpan> arrivals) => string.Join(", ", arrivals.Select(arrival => $"{arrival.TotalMilliseconds:0} ms"));

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
