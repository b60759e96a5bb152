using System.Diagnostics;
using System.Net.WebSockets;
using WsProxyLab.Peers.Docker;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.Peers.Tests;

public sealed class TargetTests(PeerLab lab)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<TargetKind> AllTargets => [.. PeerTargets.All];

    public static TheoryData<TargetKind> Proxies => [.. PeerTargets.All.Where(kind => kind != TargetKind.Direct)];

    [Theory]
    [MemberData(nameof(AllTargets))]
    public async Task Echo_RoundTripsOverWsAndOverWssWithTheLabCa(TargetKind kind)
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        await using var target = await lab.StartAsync(kind);

        using var plain = await WebSocketTestClient.ConnectAsync(new Uri(target.WebSocketBase, "/ws/echo"), cancellationToken);
        await plain.SendTextAsync("over ws", cancellationToken);
        using var secure = await WebSocketTestClient.ConnectAsync(new Uri(target.SecureWebSocketBase!, "/ws/echo"), cancellationToken,
            options => options.RemoteCertificateValidationCallback = LabCa.Validator(lab.Certificates.CaCertificate));
        await secure.SendTextAsync("over wss", cancellationToken);

        Assert.Equal("over ws", await plain.ReceiveTextAsync(cancellationToken));
        Assert.Equal("over wss", await secure.ReceiveTextAsync(cancellationToken));
        if (kind != TargetKind.Direct)
        {
            Assert.True(target.ReadUsage() is { RssBytes: > 0 }, $"{target.Name}'s memory could not be read from /proc for pid {target.ProcessId}");
        }
    }

    [Fact]
    public async Task NginxThatRejectsItsConfig_IsUnavailableWithNginxsOwnErrorLine()
    {
        PeerRequirement.RequireBinary(PeerTargets.NginxBinary);
        var target = PeerTargets.Create(TargetKind.NginxProcess, lab.Profile with { Tls = new ProfileTls("/nonexistent/server.pem", "/nonexistent/server.key") },
            new PeerTargetOptions { WorkDirectory = Path.Combine(lab.Directory, Guid.NewGuid().ToString("N")) });
        await using (target)
        {
            var unavailable = await Assert.ThrowsAsync<PeerUnavailableException>(() => target.StartAsync(TestContext.Current.CancellationToken));

            Assert.Contains("[emerg]", unavailable.Reason);
            Assert.Contains("/nonexistent/server.pem", unavailable.Reason);
            Assert.DoesNotContain('\n', unavailable.Message);
        }
    }

    [Fact]
    public async Task NoDockerEngine_IsReportedWithTheSocketItLookedFor()
    {
        var (engine, whyNot) = await DockerEngine.ConnectAsync("/nonexistent/docker.sock", TestContext.Current.CancellationToken);

        Assert.Null(engine);
        Assert.Equal("no Docker engine: /nonexistent/docker.sock does not exist (apt-get install docker.io, then start dockerd)", whyNot);
    }

    [Theory]
    [MemberData(nameof(Proxies))]
    public async Task RoundRobin_SpreadsNewConnectionsOverEveryReplica(TargetKind kind)
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        await using var target = await lab.StartAsync(kind);

        var replicas = await ReplicasOfAsync(target, 12, cookie: null, cancellationToken);

        // nginx balances per worker (2 here); 12 connections still reach all three replicas through either.
        Assert.Equal(lab.ReplicaIds.Order(), replicas.Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Proxies))]
    public async Task IpHash_KeepsAClientOnOneReplicaAcrossReconnects_OrSaysItCannot(TargetKind kind)
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        await using var target = await lab.StartAsync(kind, lab.Profile with { Balancing = BalancingPolicy.IpHash });
        if (kind == TargetKind.Yarp)
        {
            Assert.Contains(target.Notes, note => note is { Feature: "ip hash", Support: CapabilitySupport.Unsupported });
            return;
        }

        var replicas = await ReplicasOfAsync(target, 6, cookie: null, cancellationToken);

        Assert.Single(replicas.Distinct());
    }

    [Theory]
    [MemberData(nameof(Proxies))]
    public async Task StickyCookie_KeepsAClientOnItsReplicaAcrossReconnects_OrSaysItCannot(TargetKind kind)
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        await using var target = await lab.StartAsync(kind, lab.Profile with { Balancing = BalancingPolicy.StickyCookie });
        if (kind is TargetKind.NginxProcess or TargetKind.NginxContainer)
        {
            Assert.Contains(target.Notes, note => note is { Feature: "sticky cookie", Support: CapabilitySupport.Unsupported });
            return;
        }

        string cookie;
        string first;
        using (var socket = await WebSocketTestClient.ConnectAsync(new Uri(target.WebSocketBase, "/ws/echo"), cancellationToken))
        {
            var setCookie = socket.ResponseHeader("Set-Cookie");
            Assert.NotNull(setCookie);
            cookie = setCookie.Split(';')[0];
            first = socket.ResponseHeader("X-Backend-Instance")!;
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        }

        var pinned = await ReplicasOfAsync(target, 6, cookie, cancellationToken);
        var unpinned = await ReplicasOfAsync(target, 6, cookie: null, cancellationToken);

        Assert.All(pinned, replica => Assert.Equal(first, replica));
        Assert.True(unpinned.Distinct().Count() > 1, $"without the cookie every connection went to {unpinned[0]}: the stickiness did not come from the cookie");
    }

    [Theory]
    [MemberData(nameof(Proxies))]
    public async Task ReadTimeoutOfTwoSeconds_ClosesAnIdleTunnelAfterTwoSecondsAndNotMuchLater(TargetKind kind)
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        var timeout = TimeSpan.FromSeconds(2);
        await using var target = await lab.StartAsync(kind, lab.Profile with { Timeouts = new ProfileTimeouts { Read = timeout, Send = timeout } });
        using var socket = await WebSocketTestClient.ConnectAsync(new Uri(target.WebSocketBase, "/ws/echo"), cancellationToken,
            options => options.KeepAliveInterval = TimeSpan.Zero);
        var idle = Stopwatch.StartNew();

        await WaitForEndAsync(socket, cancellationToken);

        Assert.InRange(idle.Elapsed, timeout - TimeSpan.FromMilliseconds(100), timeout + TimeSpan.FromSeconds(3));
    }

    /// <summary>The replica behind each of <paramref name="count"/> connections opened one after another.</summary>
    internal static async Task<List<string>> ReplicasOfAsync(IPeerTarget target, int count, string? cookie, CancellationToken cancellationToken)
    {
        var replicas = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var socket = await WebSocketTestClient.ConnectAsync(new Uri(target.WebSocketBase, "/ws/echo"), cancellationToken, options =>
            {
                if (cookie is not null)
                {
                    options.SetRequestHeader("Cookie", cookie);
                }
            });
            replicas.Add(socket.ResponseHeader("X-Backend-Instance") ?? "(none)");
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        }

        return replicas;
    }

    /// <summary>Receives until the tunnel ends, by a close frame or by the connection dropping.</summary>
    internal static async Task WaitForEndAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        try
        {
            while ((await socket.ReceiveAsync(buffer, cancellationToken)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
            // nginx and HAProxy end a timed-out tunnel by closing the TCP connection, without a close frame.
        }
    }
}
