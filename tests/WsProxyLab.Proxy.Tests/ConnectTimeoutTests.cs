using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace WsProxyLab.Proxy.Tests;

public sealed class ConnectTimeoutTests
{
    [Fact]
    public async Task AnUpstreamThatNeverCompletesTheConnect_Gets502NamingTheTimeout_AndItIsCounted()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var blackHole = BlackHoleUpstream.Start();
        await using var proxy = await LoopbackProxy.StartAsync([blackHole.Address], new Dictionary<string, string?> { ["Proxy:ConnectTimeout"] = "00:00:00.3" }, routeId: "connect-timeout");
        await using var raw = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);

        var (status, _, body) = await raw.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo"), cancellationToken);
        using var http = new HttpClient();
        var counted = new Regex("^wsproxylab_proxy_timeouts_total\\{(?=[^}]*kind=\"connect\")(?=[^}]*route=\"connect-timeout\")[^}]*\\} 1( |$)", RegexOptions.Multiline);
        string metrics;
        do
        {
            // The Prometheus exporter serves a cached scrape for a moment.
            metrics = await http.GetStringAsync(proxy.HttpUri("/metrics"), cancellationToken);
        }
        while (!counted.IsMatch(metrics) && await DelayAsync(cancellationToken));

        Assert.Equal(502, status);
        Assert.Contains($"connect to {blackHole.Address.Authority} timed out after 300 ms", body, StringComparison.Ordinal);
        Assert.Matches(counted, metrics);
    }

    [Fact]
    public async Task AnUpstreamThatNeverCompletesTheConnect_IsPassedOverForTheNextDestination()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        using var blackHole = BlackHoleUpstream.Start();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([blackHole.Address, backend.BaseUri], new Dictionary<string, string?> { ["Proxy:ConnectTimeout"] = "00:00:00.3" });

        // Round-robin puts the black hole first for one of the two.
        using var first = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        using var second = await WebSocketTestClient.ConnectAsync(proxy.WebSocketUri("/ws/echo"), cancellationToken);
        await first.SendTextAsync("one", cancellationToken);
        await second.SendTextAsync("two", cancellationToken);

        Assert.Equal("one", await first.ReceiveTextAsync(cancellationToken));
        Assert.Equal("two", await second.ReceiveTextAsync(cancellationToken));
    }

    private static async Task<bool> DelayAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(100, cancellationToken);
        return true;
    }

    /// <summary>
    /// A listener whose accept queue is full: Linux drops further SYNs, so a connect to it neither succeeds nor fails
    /// until the connecting side gives up.
    /// </summary>
    private sealed class BlackHoleUpstream : IDisposable
    {
        private readonly Socket _listener;
        private readonly List<Socket> _queued = [];

        private BlackHoleUpstream(Socket listener) => _listener = listener;

        public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}");

        public static BlackHoleUpstream Start()
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(0);
            var blackHole = new BlackHoleUpstream(listener);
            // Fill the queue until a connect stalls: that one is the first the listener drops.
            for (var i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                blackHole._queued.Add(filler);
                if (!filler.ConnectAsync(listener.LocalEndPoint!).Wait(TimeSpan.FromMilliseconds(500)))
                {
                    return blackHole;
                }
            }

            throw new InvalidOperationException("The listener kept accepting connections into a queue of length 0.");
        }

        public void Dispose()
        {
            foreach (var socket in _queued)
            {
                socket.Dispose();
            }

            _listener.Dispose();
        }
    }
}
