using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;

namespace WsProxyLab.AppHost.Tests;

[Collection(SharedLab.Name)]
public sealed class LabResourceTests(LabAppFixture lab)
{
    private ResourceCommandService Commands => lab.App.Services.GetRequiredService<ResourceCommandService>();

    [Fact]
    public async Task EveryReplicaAndProxy_IsRunningAndHealthy_WithNginxAndHaproxyInContainers()
    {
        lab.Require();
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        foreach (var name in LabAppFixture.Replicas.Concat(LabAppFixture.Proxies))
        {
            var ready = await lab.App.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken);
            Assert.Equal(KnownResourceStates.Running, ready.Snapshot.State?.Text);
        }

        foreach (var peer in new[] { "nginx", "haproxy" })
        {
            Assert.True(lab.App.ResourceNotifications.TryGetCurrentState(peer, out var state));
            // CI has a Docker engine: the peers must be containers there, not the fallback.
            Assert.True(state.Snapshot.ResourceType == "Container" || Environment.GetEnvironmentVariable("WSPROXYLAB_REQUIRE_PEERS") != "1",
                $"{peer} is a {state.Snapshot.ResourceType}");
        }
    }

    [Fact]
    public async Task Echo_PassesThroughEveryTarget_OverWsAndWss()
    {
        lab.Require();
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        var targets = LabAppFixture.Proxies.SelectMany(proxy => new[] { lab.Echo(proxy), lab.Echo(proxy, secure: true) }).Prepend(lab.Echo("backend-0"));
        foreach (var target in targets)
        {
            using var socket = await WebSocketTestClient.ConnectAsync(target, cancellationToken, options =>
                options.RemoteCertificateValidationCallback = LabCa.Validator(LabAppFixture.CaCertificate));
            await socket.SendTextAsync($"hello {target}", cancellationToken);

            Assert.Equal($"hello {target}", await socket.ReceiveTextAsync(cancellationToken));
            Assert.Contains(socket.ResponseHeader("X-Backend-Instance"), LabAppFixture.Replicas);
        }
    }

    [Fact]
    public async Task KillCommand_OnAReplica_EndsItsTunnelsWithTheCodeEachProxySends()
    {
        lab.Require();
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(90));
        const string Victim = "backend-1";
        var tunnels = new Dictionary<string, ClientWebSocket>();
        foreach (var proxy in LabAppFixture.Proxies)
        {
            tunnels[proxy] = await ConnectToReplicaAsync(lab.Echo(proxy), Victim, cancellationToken);
        }

        var result = await Commands.ExecuteCommandAsync(Victim, "kill", cancellationToken);
        Assert.True(result.Success, result.Message);

        var codes = new Dictionary<string, string>();
        foreach (var (proxy, socket) in tunnels)
        {
            codes[proxy] = await CloseCodeAsync(socket, cancellationToken);
            TestContext.Current.TestOutputHelper?.WriteLine($"{proxy}: {codes[proxy]}");
            socket.Dispose();
        }

        // The lab's proxy tells its client: 1011 (upstream gone) or 1012 (upstream restarting); the others cut the socket.
        Assert.Contains(codes["wsproxy"], new[] { "1011", "1012" });
        Assert.All(codes.Where(code => code.Key != "wsproxy"), code => Assert.Equal("1006", code.Value));

        var restart = await Commands.ExecuteCommandAsync(Victim, KnownResourceCommands.StartCommand, cancellationToken);
        Assert.True(restart.Success, restart.Message);
        await lab.WaitHealthyAsync(Victim, cancellationToken);
    }

    [Fact]
    public async Task DrainCommand_SendsConnectedClients1001_AndIsRefusedOnceTheProxyHasStopped()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(90));
        using var socket = await WebSocketTestClient.ConnectAsync(lab.Echo("wsproxy"), cancellationToken);

        var result = await Commands.ExecuteCommandAsync("wsproxy", "drain", cancellationToken);

        Assert.True(result.Success, result.Message);
        var (status, _) = await socket.ReceiveCloseAsync(cancellationToken);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        await lab.App.ResourceNotifications.WaitForResourceAsync("wsproxy", state => state.Snapshot.State?.Text != KnownResourceStates.Running, cancellationToken);
        var refused = await Commands.ExecuteCommandAsync("wsproxy", "drain", cancellationToken);
        Assert.False(refused.Success);
        Assert.Contains("not running", refused.Message, StringComparison.Ordinal);

        var restart = await Commands.ExecuteCommandAsync("wsproxy", KnownResourceCommands.StartCommand, cancellationToken);
        Assert.True(restart.Success, restart.Message);
        await lab.WaitHealthyAsync("wsproxy", cancellationToken);
    }

    [Theory]
    [InlineData("wsproxy", "reload-config")]
    [InlineData("nginx", "reload")]
    [InlineData("haproxy", "reload")]
    public async Task ReloadCommand_KeepsOpenTunnels_AndNewConnectionsPass(string proxy, string command)
    {
        lab.Require();
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        await lab.WaitHealthyAsync(proxy, cancellationToken);
        using var before = await WebSocketTestClient.ConnectAsync(lab.Echo(proxy), cancellationToken);

        var result = await Commands.ExecuteCommandAsync(proxy, command, cancellationToken);

        Assert.True(result.Success, result.Message);
        // A reload takes a moment to start new workers; the old tunnel keeps echoing meanwhile and after.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await before.SendTextAsync("still here", cancellationToken);
        Assert.Equal("still here", await before.ReceiveTextAsync(cancellationToken));
        using var after = await WebSocketTestClient.ConnectAsync(lab.Echo(proxy), cancellationToken);
        await after.SendTextAsync("new", cancellationToken);
        Assert.Equal("new", await after.ReceiveTextAsync(cancellationToken));
    }

    [Fact]
    public async Task LoadRun_StartedByHand_RunsToItsEnd_AndPrintsWhereItsReportsAre()
    {
        lab.Require();
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(120));
        var start = await Commands.ExecuteCommandAsync("load-yarp", KnownResourceCommands.StartCommand, cancellationToken);

        Assert.True(start.Success, start.Message);
        var ended = await lab.App.ResourceNotifications.WaitForResourceAsync("load-yarp",
            state => state.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart", cancellationToken);
        var seen = await ConsoleLinesAsync(ended.ResourceId, "Reports:", cancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", seen));
        Assert.Equal("Finished", ended.Snapshot.State?.Text);
        Assert.Equal(0, ended.Snapshot.ExitCode);
        Assert.Contains(seen, line => line.Contains("Reports:", StringComparison.Ordinal) && line.Contains("report.json", StringComparison.Ordinal));
    }

    /// <summary>The resource's console lines (backlog first) until one contains <paramref name="fragment"/>.</summary>
    private async Task<IReadOnlyList<string>> ConsoleLinesAsync(string resourceId, string fragment, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await foreach (var batch in lab.App.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(resourceId).WithCancellation(cancellationToken))
        {
            lines.AddRange(batch.Select(line => line.Content));
            if (lines.Any(line => line.Contains(fragment, StringComparison.Ordinal)))
            {
                return lines;
            }
        }

        return lines;
    }

    /// <summary>Connects through a proxy until the tunnel lands on <paramref name="replica"/> (the proxies balance round-robin).</summary>
    private static async Task<ClientWebSocket> ConnectToReplicaAsync(Uri target, string replica, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var socket = await WebSocketTestClient.ConnectAsync(target, cancellationToken);
            if (socket.ResponseHeader("X-Backend-Instance") == replica)
            {
                return socket;
            }

            socket.Abort();
            socket.Dispose();
        }

        throw new InvalidOperationException($"No connection through {target} reached {replica} in 12 attempts.");
    }

    /// <summary>The close code the client saw, or 1006 when the connection ended without a close frame.</summary>
    private static async Task<string> CloseCodeAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            var (status, _) = await socket.ReceiveCloseAsync(cancellationToken);
            return ((int?)status)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
        }
        catch (WebSocketException)
        {
            return "1006";
        }
    }
}
