using WsProxyLab.Troubleshooting.Lint;
using WsProxyLab.Troubleshooting.Lint.Haproxy;

namespace WsProxyLab.Troubleshooting.Tests;

public sealed class HaproxyLinterTests
{
    [Fact]
    public void ABackendWithoutTimeoutTunnel_IsCutAtTheShorterOfClientAndServer_AndTheFindingSaysWhen()
    {
        var findings = Lint("""
            defaults
                mode http
                timeout client 30s
                timeout server 50000
            frontend fe
                bind :80
                default_backend be
            backend be
                server r0 127.0.0.1:1
            """);

        var finding = Assert.Single(findings);
        Assert.Equal((HaproxyRules.TimeoutTunnel, 8), (finding.Rule, finding.Location.Line));
        Assert.Contains("timeout client 30 s, timeout server 50 s): a WebSocket idle for 30 s is cut", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeoutTunnelInDefaults_CoversTheBackend()
    {
        Assert.Empty(Lint("""
            defaults
                timeout client 30s
                timeout server 30s
                timeout tunnel 1h
            backend be
                server r0 127.0.0.1:1
            """));
    }

    [Fact]
    public void OptionHttpcloseInDefaults_IsOneFinding_NamingEveryProxyItReaches_ButNotOneThatTurnsItOff()
    {
        var findings = Lint("""
            defaults
                option httpclose
                timeout tunnel 1h
            frontend fe
                bind :80
            backend a
                server r0 127.0.0.1:1
            backend b
                no option httpclose
                server r0 127.0.0.1:1
            """);

        var finding = Assert.Single(findings);
        Assert.Equal((HaproxyRules.HttpClose, 2), (finding.Rule, finding.Location.Line));
        Assert.Contains("applies to frontend fe, backend a:", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("balance roundrobin", "haproxy-no-affinity")]
    [InlineData("balance leastconn", "haproxy-no-affinity")]
    [InlineData("balance source", null)]
    [InlineData("balance hdr(X-User)", null)]
    [InlineData("cookie SRV insert indirect nocache", null)]
    [InlineData("stick on src", null)]
    public void SeveralServers_WithoutAffinity_AreInfo(string balancing, string? rule)
    {
        var findings = Lint($"""
            defaults
                timeout tunnel 1h
            backend be
                {balancing}
                server r0 127.0.0.1:1
                server r1 127.0.0.1:2
            """);

        Assert.Equal(rule is null ? [] : [rule], findings.Select(finding => finding.Rule.Id));
        Assert.All(findings, finding => Assert.Equal(Severity.Info, finding.Severity));
    }

    [Fact]
    public void Maxconn_BelowTheStatedConnections_IsAnErrorOnItsLine_InGlobalAndInTheFrontend()
    {
        const string text = """
            global
                maxconn 4000
            defaults
                timeout tunnel 1h
                maxconn 2000
            frontend fe
                bind :80
            """;

        Assert.Empty(Lint(text));
        var findings = Lint(text, new LintOptions { Connections = 5_000 });

        Assert.Equal([("haproxy-maxconn", 2), ("haproxy-maxconn", 5)], findings.Select(finding => (finding.Rule.Id, finding.Location.Line)));
        Assert.All(findings, finding => Assert.Equal(Severity.Error, finding.Severity));
    }

    private static IReadOnlyList<Finding> Lint(string text, LintOptions? options = null) =>
        HaproxyLinter.Lint(HaproxyParser.ParseText(text, "/tmp/haproxy.cfg"), options ?? new LintOptions());
}
