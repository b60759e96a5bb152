using WsProxyLab.Troubleshooting.Lint;
using WsProxyLab.Troubleshooting.Lint.Nginx;

namespace WsProxyLab.Troubleshooting.Tests;

public sealed class NginxLinterTests
{
    private const string Upstream = """
        upstream app {
            server 127.0.0.1:5001;
        }
        """;

    [Fact]
    public void TheSeedsRightLocation_HasNoFinding()
    {
        var findings = Lint($$"""
            http {
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                {{Upstream}}
                server {
                    listen 80;
                    location /ws {
                        proxy_pass http://app;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_read_timeout 1h;
                        proxy_send_timeout 1h;
                    }
                }
            }
            """);

        Assert.Empty(findings);
    }

    [Fact]
    public void HeadersAtServerLevel_HiddenByALocationsOwnProxySetHeader_AreNamedWithTheirLine()
    {
        var findings = Lint($$"""
            http {
                {{Upstream}}
                server {
                    proxy_http_version 1.1;
                    proxy_read_timeout 1h;
                    proxy_send_timeout 1h;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection "upgrade";
                    location /ws {
                        proxy_pass http://app;
                        proxy_set_header Host $host;
                    }
                }
            }
            """);

        var finding = Assert.Single(findings);
        Assert.Equal((NginxRules.UpgradeHeaders, 11), (finding.Rule, finding.Location.Line));
        Assert.Contains("Upgrade and Connection", finding.Message, StringComparison.Ordinal);
        Assert.Contains("lint.conf:9 is not inherited", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHardCodedConnectionUpgrade_IsAWarningOnItsLine()
    {
        var findings = Lint($$"""
            http {
                {{Upstream}}
                server {
                    location /ws {
                        proxy_pass http://app;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection "Upgrade";
                        proxy_read_timeout 3600s;
                        proxy_send_timeout 1h;
                    }
                }
            }
            """);

        var finding = Assert.Single(findings);
        Assert.Equal((NginxRules.ConnectionHardCoded, 10, Severity.Warning), (finding.Rule, finding.Location.Line, finding.Severity));
        Assert.Contains("map $http_upgrade $connection_upgrade", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("proxy_read_timeout 60s;", "nginx-read-timeout", 11)]
    [InlineData("proxy_read_timeout 1m;", "nginx-read-timeout", 11)]
    [InlineData("proxy_read_timeout 30;", "nginx-read-timeout", 11)]
    [InlineData("proxy_read_timeout 500ms;", "nginx-read-timeout", 11)]
    [InlineData("proxy_read_timeout 1m1s;", null, 0)]
    [InlineData("proxy_send_timeout 10s;", "nginx-send-timeout", 12)]
    public void ShortTunnelTimeouts_AreFoundOnTheirLine(string timeout, string? rule, int line)
    {
        var timeouts = new[] { "proxy_read_timeout 1h;", "proxy_send_timeout 1h;" }.Select(directive => directive.Split(' ')[0] == timeout.Split(' ')[0] ? timeout : directive);
        var findings = Lint($$"""
            http {
                {{Upstream}}
                server {
                    location /ws {
                        proxy_pass http://app;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $http_connection;
                        {{string.Join("\n", timeouts)}}
                    }
                }
            }
            """);

        Assert.Equal(rule is null ? [] : [(rule, line)], findings.Select(finding => (finding.Rule.Id, finding.Location.Line)));
    }

    [Fact]
    public void AnEventsLocation_WithNginxsDefaultBuffering_AndAnUncheckedHttpsUpstream_AreBothFound()
    {
        var findings = Lint($$"""
            http {
                {{Upstream}}
                server {
                    location /events {
                        proxy_pass https://app;
                    }
                    location /ws {
                        proxy_pass http://app;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $http_connection;
                        proxy_read_timeout 1h;
                        proxy_send_timeout 1h;
                    }
                }
            }
            """);

        Assert.Equal([("nginx-buffering", 6), ("nginx-upstream-tls-verify", 7)], findings.Select(finding => (finding.Rule.Id, finding.Location.Line)));
    }

    [Fact]
    public void Capacity_IsCheckedOnlyAgainstStatedConnections_OnTheDirectivesLines()
    {
        const string text = """
            worker_processes 2;
            events {
                worker_connections 1024;
            }
            """;

        Assert.Empty(Lint(text));
        var findings = Lint(text, new LintOptions { Connections = 2_000 });

        Assert.Equal([("nginx-worker-connections", 3), ("nginx-worker-rlimit-nofile", 3)], findings.Select(finding => (finding.Rule.Id, finding.Location.Line)));
        Assert.Contains("hold 2,048 connections, 1,024 tunnels", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("worker_rlimit_nofile is not set", findings[1].Message, StringComparison.Ordinal);
        Assert.Empty(Lint("worker_processes auto;\nworker_rlimit_nofile 5000;\nevents { worker_connections 4096; }\n", new LintOptions { Connections = 2_000, ProcessorCount = 2 }));
    }

    [Fact]
    public void AnHttp2Listener_WithAWebSocketLocation_IsInfo()
    {
        var findings = Lint($$"""
            http {
                {{Upstream}}
                server {
                    listen 443 ssl http2;
                    location / {
                        proxy_pass http://app;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $http_connection;
                        proxy_read_timeout 1h;
                        proxy_send_timeout 1h;
                    }
                }
            }
            """);

        var finding = Assert.Single(findings);
        Assert.Equal((NginxRules.Http2, 6, Severity.Info), (finding.Rule, finding.Location.Line, finding.Severity));
    }

    [Fact]
    public void WhenSomeLocationForwardsUpgrade_OnlyThoseAndTheOnesNamedForSockets_AreWebSocketLocations()
    {
        var findings = Lint($$"""
            http {
                {{Upstream}}
                server {
                    location /api { proxy_pass http://app; }
                    location /socket { proxy_pass http://app; }
                    location /ws {
                        proxy_pass http://app;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $http_connection;
                        proxy_read_timeout 1h;
                        proxy_send_timeout 1h;
                    }
                }
            }
            """);

        Assert.All(findings, finding => Assert.Equal(7, finding.Location.Line));
        Assert.Equal(["nginx-http-version", "nginx-upgrade-headers", "nginx-read-timeout", "nginx-send-timeout"], findings.Select(finding => finding.Rule.Id));
    }

    private static IReadOnlyList<Finding> Lint(string text, LintOptions? options = null) =>
        NginxLinter.Lint(NginxParser.ParseText(text, "/tmp/lint.conf"), options ?? new LintOptions());
}
