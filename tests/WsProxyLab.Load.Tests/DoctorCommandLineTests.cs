using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace WsProxyLab.Load.Tests;

/// <summary><c>doctor</c> as a user runs it: a URL, a checklist or JSON on standard output, and an exit code that gates.</summary>
public sealed class DoctorCommandLineTests
{
    [Fact]
    public async Task AHealthyEchoEndpoint_Exits0_AndItsJsonListsEveryGroup()
    {
        await using var backend = await LoopbackBackend.StartAsync();
        var endpoint = new UriBuilder(backend.BaseUri) { Scheme = "ws", Path = "/ws/echo" }.Uri;

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "doctor", endpoint.ToString(), "--idle", "2s", "--reconnects", "3", "--json");

        Assert.True(exitCode == 0, output);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("failed").GetBoolean());
        var groups = json.RootElement.GetProperty("checks").EnumerateArray().Select(check => check.GetProperty("group").GetString()).Distinct();
        Assert.Equal(["TCP and TLS", "Handshake", "Liveness", "Idle survival", "Stickiness", "HTTP/2"], groups);
    }

    [Fact]
    public async Task AFailedCheck_Exits2_WithItsMarkCauseAndFix()
    {
        await using var backend = await LoopbackBackend.StartAsync();
        var endpoint = new UriBuilder(backend.BaseUri) { Scheme = "ws", Path = "/no/such/socket" }.Uri;

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "doctor", endpoint.ToString(), "--idle", "1s");

        Assert.True(exitCode == 2, output);
        Assert.Contains("✘ Upgrade", output, StringComparison.Ordinal);
        Assert.Contains("cause: no route for '/no/such/socket'", output, StringComparison.Ordinal);
        Assert.Contains("fix:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/ws", "URL is 'http://127.0.0.1:1/ws'; give a ws:// or wss:// URL")]
    [InlineData("not a url", "URL is 'not a url'; give a ws:// or wss:// URL")]
    public async Task ABadUrl_Exits1_WithOneLineNamingIt(string url, string message)
    {
        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "doctor", url);

        Assert.True(exitCode == 1, output);
        Assert.StartsWith(message, output.Trim(), StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public async Task AnUnreachableHost_Exits1_WithOneLineSayingWhy()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "doctor", $"ws://127.0.0.1:{port}/ws/echo");

        Assert.True(exitCode == 1, output);
        Assert.Equal($"127.0.0.1:{port} is unreachable: connection refused (nothing listens on that port)", output.Trim());
    }
}
