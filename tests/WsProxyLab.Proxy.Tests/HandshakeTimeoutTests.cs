using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace WsProxyLab.Proxy.Tests;

public sealed class HandshakeTimeoutTests
{
    [Fact]
    public async Task AClientThatNeverFinishesItsRequestHead_GetsDisconnectedAfterTheHandshakeTimeout_AndItIsCounted()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:HandshakeTimeout"] = "00:00:01" });
        using var http = new HttpClient();
        await using var slowloris = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);
        var stopwatch = Stopwatch.StartNew();

        await slowloris.SendRawAsync(Encoding.ASCII.GetBytes($"GET /ws/echo HTTP/1.1\r\nHost: {proxy.BaseUri.Authority}\r\nUpgrade: websocket\r\n"), cancellationToken);
        var answer = await slowloris.ReadUntilClosedAsync(cancellationToken);

        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        // Kestrel checks its timeouts on a one-second heartbeat.
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        string metrics;
        do
        {
            // The connection's end is recorded just after its socket closes.
            metrics = await http.GetStringAsync(proxy.HttpUri("/metrics"), cancellationToken);
        }
        while (!metrics.Contains("kind=\"handshake\"", StringComparison.Ordinal) && await DelayAsync(cancellationToken));

        Assert.Matches(new Regex("^wsproxylab_proxy_timeouts_total\\{[^}]*kind=\"handshake\"[^}]*\\} 1( |$)", RegexOptions.Multiline), metrics);
    }

    private static async Task<bool> DelayAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(50, cancellationToken);
        return true;
    }
}
