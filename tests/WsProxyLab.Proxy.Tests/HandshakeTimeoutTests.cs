using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace WsProxyLab.Proxy.Tests;

public sealed class HandshakeTimeoutTests
{
    [Fact]
    public async Task AClientThatNeverFinishesItsRequestHead_GetsDisconnectedAfterTheHandshakeTimeout_AndItIsCounted()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        var log = new RecordingLoggerProvider();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:HandshakeTimeout"] = "00:00:01" },
            configure: builder => builder.Logging.AddProvider(log));
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

        // Every host in a test process exports the proxy meter of all of them, so the count is read from this host's log.
        Assert.Matches(new Regex("^wsproxylab_proxy_timeouts_total\\{[^}]*kind=\"handshake\"[^}]*\\} [1-9]", RegexOptions.Multiline), metrics);
        Assert.Single(log.Entries, entry => entry.Message.Contains("did not send a complete request head within 1 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientThatSendsNothing_Gets408NamingTheTimeout_InsteadOfKestrelsKeepAliveWait()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        var log = new RecordingLoggerProvider();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:HandshakeTimeout"] = "00:00:01" },
            configure: builder => builder.Logging.AddProvider(log));
        using var http = new HttpClient();
        await using var silent = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);
        var stopwatch = Stopwatch.StartNew();

        var answer = await silent.ReadUntilClosedAsync(cancellationToken);

        Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", answer, StringComparison.Ordinal);
        Assert.EndsWith("No request came within the proxy's handshake timeout of 1 s\n", answer, StringComparison.Ordinal);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        string metrics;
        do
        {
            metrics = await http.GetStringAsync(proxy.HttpUri("/metrics"), cancellationToken);
        }
        while (!metrics.Contains("kind=\"handshake\"", StringComparison.Ordinal) && await DelayAsync(cancellationToken));

        Assert.Matches(new Regex("^wsproxylab_proxy_timeouts_total\\{[^}]*kind=\"handshake\"[^}]*\\} [1-9]", RegexOptions.Multiline), metrics);
        Assert.Single(log.Entries, entry => entry.Message.Contains($"sent nothing to port {proxy.BaseUri.Port} within 1 s; answered with 408", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientWhoseFirstBytesComeLate_ButWithinTheTimeout_IsServed()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var proxy = await LoopbackProxy.StartAsync([backend.BaseUri], new Dictionary<string, string?> { ["Proxy:HandshakeTimeout"] = "00:00:02" });
        await using var late = await RawWebSocketConnection.ConnectAsync(proxy.BaseUri, cancellationToken);

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var (status, _, _) = await late.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(proxy.BaseUri, "/ws/echo"), cancellationToken);

        Assert.Equal(101, status);
    }

    private static async Task<bool> DelayAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(50, cancellationToken);
        return true;
    }
}
