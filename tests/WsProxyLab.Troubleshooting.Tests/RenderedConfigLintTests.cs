using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;
using WsProxyLab.Troubleshooting.Lint;

namespace WsProxyLab.Troubleshooting.Tests;

/// <summary>lint over what the lab's own renderers write: the right configurations are clean, each pitfall is named where it is.</summary>
public sealed class RenderedConfigLintTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public static TheoryData<string> Profiles => [.. ProfileVariants().Keys];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void EveryNginxRendering_HasNoError_AndAtMostTheAffinityNote(string variant)
    {
        var profile = ProfileVariants()[variant](BaseProfile());

        var report = LintNginx(profile);

        Assert.False(report.HasErrors, Describe(report));
        Assert.All(report.Findings, finding => Assert.Equal("nginx-no-affinity", finding.Rule.Id));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void EveryHaproxyRendering_HasNoError_AndAtMostTheAffinityNote(string variant)
    {
        var profile = ProfileVariants()[variant](BaseProfile());

        var report = LintHaproxy(profile);

        Assert.False(report.HasErrors, Describe(report));
        Assert.All(report.Findings, finding => Assert.Equal("haproxy-no-affinity", finding.Rule.Id));
    }

    [Fact]
    public void ThePitfallWithoutUpgradeHeaders_IsNamedAtItsLocation()
    {
        var (findings, lines) = PitfallFindings(PitfallProfiles.MissingUpgradeHeaders(BaseProfile()));

        Assert.Equal([("nginx-upgrade-headers", "location / {")], findings.Select(finding => (finding.Rule.Id, lines[finding.Location.Line - 1].Trim())));
    }

    [Fact]
    public void ThePitfallOfDefaultTimeouts_NamesTheReadAndSendTimeouts_AtTheLocation()
    {
        var (findings, lines) = PitfallFindings(PitfallProfiles.DefaultTimeouts(BaseProfile()));

        Assert.Equal([("nginx-read-timeout", "location / {"), ("nginx-send-timeout", "location / {")], findings.Select(finding => (finding.Rule.Id, lines[finding.Location.Line - 1].Trim())));
        Assert.Contains("nginx's default of 60s", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePitfallOfBufferingOn_NamesTheBufferingLine_AndTheHttp10ItNeeds()
    {
        var (findings, lines) = PitfallFindings(PitfallProfiles.BufferingOn(BaseProfile()));

        Assert.Equal([("nginx-http-version", "location / {"), ("nginx-buffering", "proxy_buffering on;")], findings.Select(finding => (finding.Rule.Id, lines[finding.Location.Line - 1].Trim())));
    }

    [Fact]
    public void HaproxyWithItsDefaultTimeouts_IsWarnedThatIdleTunnelsAreNeverReaped()
    {
        var report = LintHaproxy(PitfallProfiles.DefaultTimeouts(BaseProfile()));
        var lines = File.ReadAllLines(report.File);

        var finding = Assert.Single(report.Findings, finding => finding.Rule.Id == "haproxy-timeout-tunnel");
        Assert.Equal("backend replicas", lines[finding.Location.Line - 1]);
        Assert.Contains("never reaped", finding.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private (IReadOnlyList<Finding> Findings, string[] Lines) PitfallFindings(ProxyProfile pitfall)
    {
        var baseline = LintNginx(BaseProfile()).Findings.Select(finding => finding.Rule).ToHashSet();
        var report = LintNginx(pitfall);
        return ([.. report.Findings.Where(finding => !baseline.Contains(finding.Rule))], File.ReadAllLines(report.File));
    }

    private ProxyProfile BaseProfile()
    {
        var certificate = Path.Combine(_directory.Path, "server.pem");
        var key = Path.Combine(_directory.Path, "server.key");
        File.WriteAllText(certificate, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");
        return new ProxyProfile
        {
            ListenPort = 8080,
            TlsListenPort = 8443,
            Tls = new ProfileTls(certificate, key),
            Upstreams = [new Uri("http://127.0.0.1:5001"), new Uri("http://127.0.0.1:5002")],
        };
    }

    private static Dictionary<string, Func<ProxyProfile, ProxyProfile>> ProfileVariants() => new()
    {
        ["default"] = profile => profile,
        ["least-connections"] = profile => profile with { Balancing = BalancingPolicy.LeastConnections },
        ["ip-hash"] = profile => profile with { Balancing = BalancingPolicy.IpHash },
        ["consistent-hash"] = profile => profile with { Balancing = BalancingPolicy.ConsistentHash, HashKey = "cookie:session" },
        ["sticky-cookie"] = profile => profile with { Balancing = BalancingPolicy.StickyCookie },
        ["no-tls"] = profile => profile with { TlsListenPort = null, Tls = null },
        ["short-timeouts"] = profile => profile with { Timeouts = new ProfileTimeouts { Read = TimeSpan.FromHours(2), Send = TimeSpan.FromMinutes(5), Idle = TimeSpan.FromMinutes(30) } },
        ["origins-and-frames"] = profile => profile with { AllowedOrigins = ["https://app.example"], InspectFrames = true, MaxMessageBytes = 1 << 20 },
        ["buffering-over-http11"] = profile => profile with { Buffering = false, KeepAlivePing = TimeSpan.FromSeconds(20) },
    };

    private LintReport LintNginx(ProxyProfile profile) => Write(NginxRenderer.Render(profile, _directory.Path), NginxRenderer.ConfigFileName, profile);

    private LintReport LintHaproxy(ProxyProfile profile) => Write(HaproxyRenderer.Render(profile, _directory.Path), HaproxyRenderer.ConfigFileName, profile);

    private LintReport Write(RenderedConfig rendered, string configFile, ProxyProfile profile)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory.Path, $"{rendered.Target}-{profile.Name}-{Guid.NewGuid():N}"));
        foreach (var (name, content) in rendered.Files)
        {
            File.WriteAllText(Path.Combine(directory.FullName, name), content);
        }

        return ConfigLinter.LintFile(Path.Combine(directory.FullName, configFile), new LintOptions { Connections = profile.MaxConnections });
    }

    private static string Describe(LintReport report) =>
        string.Join("\n", report.Findings.Select(finding => $"{finding.Location}: {finding.Rule.Id}: {finding.Message}"));
}
