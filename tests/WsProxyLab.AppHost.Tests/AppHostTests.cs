using System.Diagnostics;
using System.Text.RegularExpressions;

namespace WsProxyLab.AppHost.Tests;

public sealed partial class AppHostTests
{
    private static bool RequirePeers => Environment.GetEnvironmentVariable("WSPROXYLAB_REQUIRE_PEERS") == "1";

    [Fact]
    public async Task AppHost_StartsThreeReplicasBehindTheProxyAndThePeers_AndCtrlCStopsThemAllLeavingNoProcess()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(90));
        using var appHost = AppHostProcess.Start();
        var started = Stopwatch.StartNew();

        var output = await appHost.ReadUntilAsync("to stop every resource", cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"table printed after {started.Elapsed.TotalSeconds:0.0} s");

        var rows = output.Select(line => RunningRow().Match(line)).Where(match => match.Success).ToList();
        Assert.Equal(["backend-0", "backend-1", "backend-2"], rows.Select(row => row.Groups["name"].Value));
        var instances = new List<string?>();
        foreach (var row in rows)
        {
            using var socket = await WebSocketTestClient.ConnectAsync(new Uri($"ws://{row.Groups["authority"].Value}/ws/echo"), cancellationToken);
            instances.Add(socket.ResponseHeader("X-Backend-Instance"));
        }

        Assert.Equal(["backend-0", "backend-1", "backend-2"], instances);
        var proxy = output.Select(line => ProxyRow().Match(line)).Single(match => match.Success);
        using (var throughProxy = await WebSocketTestClient.ConnectAsync(new Uri($"ws://{proxy.Groups["authority"].Value}/ws/echo"), cancellationToken))
        {
            Assert.Contains(throughProxy.ResponseHeader("X-Backend-Instance"), instances);
        }

        var wss = output.Select(line => WssLine().Match(line)).Single(match => match.Success);
        using (var overTls = await WebSocketTestClient.ConnectAsync(new Uri(wss.Groups["uri"].Value), cancellationToken, options =>
            options.RemoteCertificateValidationCallback = LabCa.Validator(wss.Groups["ca"].Value)))
        {
            Assert.Contains(overTls.ResponseHeader("X-Backend-Instance"), instances);
        }

        var peers = output.Select(line => PeerRow().Match(line)).Where(match => match.Success).ToList();
        foreach (var peer in peers)
        {
            using var plain = await WebSocketTestClient.ConnectAsync(new Uri($"ws://{peer.Groups["ws"].Value}/ws/echo"), cancellationToken);
            using var secure = await WebSocketTestClient.ConnectAsync(new Uri($"wss://{peer.Groups["wss"].Value}/ws/echo"), cancellationToken, options =>
                options.RemoteCertificateValidationCallback = LabCa.Validator(wss.Groups["ca"].Value));
            Assert.Contains(plain.ResponseHeader("X-Backend-Instance"), instances);
            Assert.Contains(secure.ResponseHeader("X-Backend-Instance"), instances);
        }

        var peerKinds = peers.Select(peer => peer.Groups["name"].Value.Split('-')[0]).ToList();
        Assert.Contains("yarp", peerKinds);
        foreach (var needsPackage in new[] { "nginx", "haproxy" })
        {
            // Without the Debian package (and no Docker engine) the AppHost runs on and says why; CI requires every peer.
            Assert.True(
                peerKinds.Contains(needsPackage) || (!RequirePeers && output.Any(line => line.StartsWith("unavailable:", StringComparison.Ordinal) && line.Contains(needsPackage, StringComparison.Ordinal))),
                $"{needsPackage} neither runs nor says why it is unavailable");
        }

        var backendProcessIds = rows.Select(row => int.Parse(row.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var exitCode = await appHost.InterruptAsync(cancellationToken);

        Assert.Equal(0, exitCode);
        Assert.Equal(3, appHost.Output.Count(line => FinishedRow().IsMatch(line)));
        Assert.Contains(appHost.Output, line => line.Contains("wsproxy", StringComparison.Ordinal) && line.Contains("Finished", StringComparison.Ordinal));
        Assert.All(backendProcessIds, pid => Assert.False(IsAlive(pid), $"backend process {pid} outlived the AppHost"));
    }

    [Fact]
    public async Task AppHost_BadReplicaCount_IsRejectedNamingTheOption()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(30));
        using var appHost = AppHostProcess.Start("--replicas", "0");

        var output = await appHost.ReadUntilAsync("--replicas", cancellationToken);

        Assert.Contains(output, line => line.Contains("--replicas is 0; choose from 1 to 16.", StringComparison.Ordinal));
    }

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<name>backend-\d)\W+Project\W+Running\W+http://(?<authority>127\.0\.0\.1:\d+)\W+(?<pid>\d+)")]
    private static partial Regex RunningRow();

    [GeneratedRegex(@"wsproxy\W+Project\W+Running\W+http://(?<authority>127\.0\.0\.1:\d+)")]
    private static partial Regex ProxyRow();

    [GeneratedRegex(@"wss:// through the proxy: (?<uri>wss://127\.0\.0\.1:\d+/ws/echo) \(clients trust the lab CA (?<ca>\S+)\)")]
    private static partial Regex WssLine();

    [GeneratedRegex(@"(?<name>nginx-container|nginx-process|haproxy-container|haproxy-process|yarp)\W+ws://(?<ws>127\.0\.0\.1:\d+)\W+wss://(?<wss>127\.0\.0\.1:\d+)")]
    private static partial Regex PeerRow();

    [GeneratedRegex(@"backend-\d\W+Project\W+Finished")]
    private static partial Regex FinishedRow();
}
