using System.Security.Cryptography.X509Certificates;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Targets;
using WsProxyLab.Troubleshooting.Doctor;

namespace WsProxyLab.Peers.Tests;

/// <summary>doctor against every lab target, and against the seed's pitfalls on a real nginx: each is named for what it is.</summary>
public sealed class DoctorTests(PeerLab lab)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(120);

    public static TheoryData<TargetKind, bool> TargetsAndSchemes =>
    [
        .. new[] { TargetKind.Direct, TargetKind.WsProxy, TargetKind.NginxProcess, TargetKind.HaproxyProcess, TargetKind.Yarp }
            .SelectMany(kind => new[] { (kind, false), (kind, true) }),
    ];

    [Theory]
    [MemberData(nameof(TargetsAndSchemes))]
    public async Task EveryLabTarget_Passes_OverWsAndWss(TargetKind kind, bool secure)
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        await using var target = await lab.StartAsync(kind);
        var baseUri = secure ? target.SecureWebSocketBase! : target.WebSocketBase;

        var report = await RunAsync(new Uri(baseUri, "/ws/echo"), TimeSpan.FromSeconds(3), cancellationToken);

        Assert.False(report.Failed, DoctorTextOutput.Render(report));
        Assert.Equal(CheckStatus.Pass, Check(report, "Upgrade").Status);
        Assert.StartsWith("pong", Check(report, "Ping").Seen, StringComparison.Ordinal);
        Assert.StartsWith("100 messages: p50", Check(report, "Echo round trip").Seen, StringComparison.Ordinal);
        Assert.All(report.Checks.Where(check => check.Group == "Idle survival"), check => Assert.StartsWith("held 3 s", check.Seen, StringComparison.Ordinal));
        Assert.Equal(secure, report.Checks.Any(check => check is { Name: "Certificate chain", Status: CheckStatus.Pass }));
        // The lab balances round-robin: reconnects spread over the three replicas, named by X-Backend-Instance.
        if (kind != TargetKind.Direct)
        {
            Assert.StartsWith("landed on 3 backends", Check(report, "5 reconnects").Seen, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ThePitfallWithoutUpgradeHeaders_IsNamed_WithNginxsFix()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        await using var target = await lab.StartAsync(TargetKind.NginxProcess, PitfallProfiles.MissingUpgradeHeaders(lab.Profile));

        var report = await RunAsync(new Uri(target.WebSocketBase, "/ws/echo"), TimeSpan.FromSeconds(1), cancellationToken);

        var upgrade = Check(report, "Upgrade");
        Assert.Equal(CheckStatus.Fail, upgrade.Status);
        Assert.StartsWith("'HTTP/1.1 400 Bad Request'", upgrade.Seen, StringComparison.Ordinal);
        // The backend's reason, passed on by nginx in chunks, read back whole.
        Assert.Contains("body: 'missing 'Upgrade: websocket' header", upgrade.Seen, StringComparison.Ordinal);
        Assert.Contains("dropped the hop-by-hop Upgrade and Connection headers", upgrade.Cause, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", upgrade.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePitfallOfBufferingOn_IsFound_FromTheEventsArrivingTogether()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        await using var target = await lab.StartAsync(TargetKind.NginxProcess, PitfallProfiles.BufferingOn(lab.Profile));
        await using var control = await lab.StartAsync(TargetKind.NginxProcess);

        var buffered = await RunAsync(new Uri(target.WebSocketBase, "/ws/echo"), TimeSpan.FromSeconds(1), cancellationToken, Sse(target));
        var streamed = await RunAsync(new Uri(control.WebSocketBase, "/ws/echo"), TimeSpan.FromSeconds(1), cancellationToken, Sse(control));

        var events = Check(buffered, "server-sent events");
        Assert.Equal(CheckStatus.Fail, events.Status);
        Assert.Contains("proxy_buffering off;", events.Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Pass, Check(streamed, "server-sent events").Status);
    }

    [Fact]
    public async Task AReadTimeoutOfTwoSeconds_IsReportedWithTheCutAndItsTime_WhileKeepAlivesSurvive()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TestTimeout);
        var timeout = TimeSpan.FromSeconds(2);
        await using var target = await lab.StartAsync(TargetKind.NginxProcess, lab.Profile with { Timeouts = new ProfileTimeouts { Read = timeout, Send = timeout } });

        var report = await RunAsync(new Uri(target.WebSocketBase, "/ws/echo"), TimeSpan.FromSeconds(4.5), cancellationToken);

        var silent = Check(report, "silent connection");
        Assert.Equal(CheckStatus.Warn, silent.Status);
        Assert.Matches("^closed after 2\\.[0-9] s with 1006", silent.Seen);
        Assert.Contains("ping more often than every 2 s", silent.Fix, StringComparison.Ordinal);
        Assert.All(report.Checks.Where(check => check.Group == "Idle survival" && check != silent), check => Assert.Equal(CheckStatus.Pass, check.Status));
        Assert.False(report.Failed, DoctorTextOutput.Render(report));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task NginxsDefaultReadTimeout_IsNamedByItsSixtySeconds()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(150));
        await using var target = await lab.StartAsync(TargetKind.NginxProcess, PitfallProfiles.DefaultTimeouts(lab.Profile));

        var report = await RunAsync(new Uri(target.WebSocketBase, "/ws/echo"), TimeSpan.FromSeconds(66), cancellationToken);

        var silent = Check(report, "silent connection");
        Assert.Matches("^closed after (59\\.[5-9]|6[0-2]\\.[0-9]) s with 1006 \\(no close frame\\), which matches nginx's default 'proxy_read_timeout 60s'", silent.Seen);
    }

    private static DoctorCheck Check(DoctorReport report, string name) =>
        report.Checks.SingleOrDefault(check => check.Name == name) ?? throw new Xunit.Sdk.XunitException($"no check '{name}' in:\n{DoctorTextOutput.Render(report)}");

    private static Uri Sse(IPeerTarget target) => new UriBuilder(target.WebSocketBase) { Scheme = "http", Path = "/stream/sse", Query = "interval=100&count=20" }.Uri;

    private async Task<DoctorReport> RunAsync(Uri endpoint, TimeSpan idle, CancellationToken cancellationToken, Uri? sse = null)
    {
        var report = await EndpointDoctor.RunAsync(new DoctorOptions
        {
            Target = endpoint,
            TrustedRoots = [X509Certificate2.CreateFromPem(File.ReadAllText(lab.Certificates.CaCertificate))],
            Idle = idle,
            Reconnects = 5,
            Sse = sse,
        }, TimeProvider.System, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(DoctorTextOutput.Render(report));
        return report;
    }
}
