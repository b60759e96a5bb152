using System.Diagnostics;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.Peers.Tests;

public sealed class RendererTests(PeerLab lab)
{
    private static readonly ProxyProfile Plain = new()
    {
        ListenPort = 8080,
        Upstreams = [new Uri("http://127.0.0.1:5001"), new Uri("http://127.0.0.1:5002")],
        Timeouts = new ProfileTimeouts { Read = TimeSpan.FromSeconds(2), Send = TimeSpan.FromSeconds(3) },
        MaxConnections = 10_000,
    };

    public static TheoryData<string> ProfileNames => [.. Profiles().Keys];

    [Fact]
    public void Nginx_RendersTheSeedsWebSocketConfigDoneRight()
    {
        var config = NginxRenderer.Render(Plain, "/srv/nginx").Files[NginxRenderer.ConfigFileName];

        Assert.Contains("proxy_http_version 1.1;", config);
        Assert.Contains("map $http_upgrade $connection_upgrade {", config);
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", config);
        Assert.Contains("proxy_set_header Connection $connection_upgrade;", config);
        Assert.Contains("proxy_read_timeout 2s;", config);
        Assert.Contains("proxy_send_timeout 3s;", config);
        Assert.Contains("proxy_buffering off;", config);
        // Two connections per tunnel, and either worker may take most of them.
        Assert.Contains("worker_connections 20512;", config);
        Assert.Contains("worker_rlimit_nofile 20612;", config);
        Assert.Contains("server 127.0.0.1:5002;", config);
    }

    [Theory]
    [InlineData(BalancingPolicy.LeastConnections, null, "least_conn;")]
    [InlineData(BalancingPolicy.IpHash, null, "ip_hash;")]
    [InlineData(BalancingPolicy.ConsistentHash, "cookie:session", "hash $cookie_session consistent;")]
    [InlineData(BalancingPolicy.ConsistentHash, "header:X-User-Id", "hash $http_x_user_id consistent;")]
    [InlineData(BalancingPolicy.ConsistentHash, "query:room", "hash $arg_room consistent;")]
    public void Nginx_RendersEachBalancingPolicyInTheUpstreamBlock(BalancingPolicy policy, string? hashKey, string directive)
    {
        var config = NginxRenderer.Render(Plain with { Balancing = policy, HashKey = hashKey }, "/srv/nginx").Files[NginxRenderer.ConfigFileName];

        Assert.Contains(directive, config);
    }

    [Fact]
    public void Nginx_StickyCookieAndPing_AreReportedUnsupportedNotDropped()
    {
        var rendered = NginxRenderer.Render(Plain with { Balancing = BalancingPolicy.StickyCookie, KeepAlivePing = TimeSpan.FromSeconds(20) }, "/srv/nginx");

        Assert.Contains(rendered.Notes, note => note is { Feature: "sticky cookie", Support: CapabilitySupport.Unsupported });
        Assert.Contains(rendered.Notes, note => note is { Feature: "keep-alive ping", Support: CapabilitySupport.Unsupported });
    }

    [Fact]
    public void NginxPitfalls_EachBreaksTheConfigTheWayTheSeedDescribes()
    {
        string Render(ProxyProfile profile) => NginxRenderer.Render(profile, "/srv/nginx").Files[NginxRenderer.ConfigFileName];

        var missingHeaders = Render(PitfallProfiles.MissingUpgradeHeaders(Plain));
        var defaultTimeouts = Render(PitfallProfiles.DefaultTimeouts(Plain));
        var buffering = Render(PitfallProfiles.BufferingOn(Plain));

        Assert.DoesNotContain("proxy_set_header Upgrade", missingHeaders);
        Assert.DoesNotContain("proxy_set_header Connection", missingHeaders);
        Assert.DoesNotContain("proxy_read_timeout", defaultTimeouts);
        Assert.Contains("proxy_buffering on;", buffering);
        Assert.DoesNotContain("proxy_http_version", buffering);
    }

    [Theory]
    [InlineData(BalancingPolicy.RoundRobin, null, "balance roundrobin")]
    [InlineData(BalancingPolicy.LeastConnections, null, "balance leastconn")]
    [InlineData(BalancingPolicy.IpHash, null, "balance source")]
    [InlineData(BalancingPolicy.ConsistentHash, "header:X-User-Id", "balance hdr(X-User-Id)")]
    [InlineData(BalancingPolicy.StickyCookie, null, "cookie lab-affinity insert indirect nocache")]
    public void Haproxy_RendersTunnelTimeoutBalancingAndMaxconn(BalancingPolicy policy, string? hashKey, string line)
    {
        var config = HaproxyRenderer.Render(Plain with { Balancing = policy, HashKey = hashKey }, "/srv/haproxy").Files[HaproxyRenderer.ConfigFileName];

        Assert.Contains(line, config);
        Assert.Contains("timeout tunnel 2000ms", config);
        Assert.Contains("maxconn 10000", config);
        Assert.Equal(policy == BalancingPolicy.ConsistentHash, config.Contains("hash-type consistent", StringComparison.Ordinal));
        Assert.Contains("option http-no-delay", config);
    }

    [Fact]
    public void Haproxy_WithBufferingOn_LeavesHttpNoDelayOff_AndSaysItApproximates()
    {
        var rendered = HaproxyRenderer.Render(Plain with { Buffering = true }, "/srv/haproxy");

        Assert.DoesNotContain("http-no-delay", rendered.Files[HaproxyRenderer.ConfigFileName]);
        Assert.Contains(rendered.Notes, note => note is { Feature: "response buffering", Support: CapabilitySupport.Approximated });
    }

    [Fact]
    public void Yarp_RendersClusterAffinityAndActivityTimeout_AndSaysWhatItCannotDo()
    {
        var sticky = YarpRenderer.Render(Plain with { Balancing = BalancingPolicy.StickyCookie });
        var ipHash = YarpRenderer.Render(Plain with { Balancing = BalancingPolicy.IpHash });

        Assert.Equal("true", sticky.Environment["ReverseProxy__Clusters__replicas__SessionAffinity__Enabled"]);
        Assert.Equal("lab-affinity", sticky.Environment["ReverseProxy__Clusters__replicas__SessionAffinity__AffinityKeyName"]);
        Assert.Equal("00:00:02", sticky.Environment["ReverseProxy__Clusters__replicas__HttpRequest__ActivityTimeout"]);
        Assert.Equal("http://127.0.0.1:5002", sticky.Environment["ReverseProxy__Clusters__replicas__Destinations__r1__Address"]);
        Assert.Contains(ipHash.Notes, note => note is { Feature: "ip hash", Support: CapabilitySupport.Unsupported });
    }

    [Fact]
    public void WsProxy_RendersEveryProfileFeatureItsOwnWay()
    {
        var rendered = WsProxyRenderer.Render(Plain with { Balancing = BalancingPolicy.ConsistentHash, HashKey = "cookie:session", KeepAlivePing = TimeSpan.FromSeconds(20) });

        Assert.Equal("ConsistentHash", rendered.Environment["Proxy__Routes__all__LoadBalancingPolicy"]);
        Assert.Equal("cookie:session", rendered.Environment["Proxy__Routes__all__HashKey"]);
        Assert.Equal("00:00:02", rendered.Environment["Proxy__ReadTimeout"]);
        Assert.Equal("00:00:20", rendered.Environment["Proxy__KeepAlivePing__Interval"]);
        Assert.Empty(rendered.Notes);
    }

    [Fact]
    public void CapabilityMatrix_ListsEveryTargetsGap_ForReports()
    {
        var matrix = CapabilityMatrix.For(Plain with { Balancing = BalancingPolicy.StickyCookie }, "/srv");

        var markdown = matrix.ToMarkdown();

        Assert.Contains("| nginx | sticky cookie | unsupported |", markdown);
        Assert.Contains("| haproxy | read and send timeouts | approximated |", markdown);
        Assert.DoesNotContain(matrix.Notes, note => note.Target == WsProxyRenderer.Target);
    }

    [Fact]
    public void Profile_Validate_ListsEveryError()
    {
        var errors = new ProxyProfile { ListenPort = 0, Balancing = BalancingPolicy.ConsistentHash, HashKey = "session", MaxConnections = 0 }.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, error => error.Contains("HashKey is 'session'", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public async Task NginxConfig_IsAcceptedByNginxT(string profileName)
    {
        PeerRequirement.RequireBinary(PeerTargets.NginxBinary);
        var directory = Directory.CreateTempSubdirectory("wsproxylab-nginx-t-").FullName;
        var profile = WithLabTls(Profiles()[profileName]);
        await File.WriteAllTextAsync(Path.Combine(directory, NginxRenderer.ConfigFileName), NginxRenderer.Render(profile, directory).Files[NginxRenderer.ConfigFileName], TestContext.Current.CancellationToken);

        var (exitCode, output) = await RunAsync(PeerTargets.NginxBinary, "-t", "-p", directory, "-c", Path.Combine(directory, NginxRenderer.ConfigFileName), "-g", "daemon off;");

        Assert.True(exitCode == 0, output);
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public async Task HaproxyConfig_IsAcceptedByHaproxyC(string profileName)
    {
        PeerRequirement.RequireBinary(PeerTargets.HaproxyBinary);
        var directory = Directory.CreateTempSubdirectory("wsproxylab-haproxy-c-").FullName;
        foreach (var (file, content) in HaproxyRenderer.Render(WithLabTls(Profiles()[profileName]), directory).Files)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, file), content, TestContext.Current.CancellationToken);
        }

        var (exitCode, output) = await RunAsync(PeerTargets.HaproxyBinary, "-c", "-f", Path.Combine(directory, HaproxyRenderer.ConfigFileName));

        Assert.True(exitCode == 0, output);
        Directory.Delete(directory, recursive: true);
    }

    private ProxyProfile WithLabTls(ProxyProfile profile) =>
        profile with { TlsListenPort = 8443, Tls = new ProfileTls(lab.Certificates.ServerCertificate, lab.Certificates.ServerKey) };

    private static Dictionary<string, ProxyProfile> Profiles() => new()
    {
        ["round-robin"] = Plain,
        ["least-connections"] = Plain with { Balancing = BalancingPolicy.LeastConnections },
        ["ip-hash"] = Plain with { Balancing = BalancingPolicy.IpHash },
        ["hash-cookie"] = Plain with { Balancing = BalancingPolicy.ConsistentHash, HashKey = "cookie:session" },
        ["hash-header"] = Plain with { Balancing = BalancingPolicy.ConsistentHash, HashKey = "header:X-User-Id" },
        ["hash-query"] = Plain with { Balancing = BalancingPolicy.ConsistentHash, HashKey = "query:room" },
        ["sticky-cookie"] = Plain with { Balancing = BalancingPolicy.StickyCookie },
        ["pitfall-no-upgrade-headers"] = PitfallProfiles.MissingUpgradeHeaders(Plain),
        ["pitfall-default-timeouts"] = PitfallProfiles.DefaultTimeouts(Plain),
        ["pitfall-buffering-on"] = PitfallProfiles.BufferingOn(Plain),
    };

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await errors);
    }
}
