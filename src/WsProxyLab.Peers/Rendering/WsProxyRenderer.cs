using System.Globalization;
using WsProxyLab.Peers.Profiles;

namespace WsProxyLab.Peers.Rendering;

/// <summary>Renders a profile into the environment of the lab's own proxy (<c>src/WsProxyLab.Proxy</c>): one route over the replicas.</summary>
public static class WsProxyRenderer
{
    /// <summary>The target name in notes and reports.</summary>
    public const string Target = "wsproxy";

    private const string Route = "Proxy__Routes__all__";

    /// <summary>Renders the environment of a proxy process.</summary>
    public static RenderedConfig Render(ProxyProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var notes = new List<CapabilityNote>();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = YarpRenderer.ListenUrls(profile),
            [$"{Route}PathPrefix"] = "/",
            [$"{Route}LoadBalancingPolicy"] = profile.Balancing switch
            {
                BalancingPolicy.LeastConnections => "LeastTunnels",
                BalancingPolicy.IpHash => "IpHash",
                BalancingPolicy.ConsistentHash => "ConsistentHash",
                BalancingPolicy.StickyCookie => "StickyCookie",
                _ => "RoundRobin",
            },
            ["Proxy__MaxTunnels"] = YarpRenderer.Invariant(profile.MaxConnections),
        };
        for (var index = 0; index < profile.Upstreams.Count; index++)
        {
            environment[$"{Route}Destinations__r{index}__Address"] = profile.Upstreams[index].GetLeftPart(UriPartial.Authority);
        }

        for (var index = 0; index < profile.AllowedOrigins.Count; index++)
        {
            environment[$"{Route}AllowedOrigins__{YarpRenderer.Invariant(index)}"] = profile.AllowedOrigins[index];
        }

        if (profile.InspectFrames)
        {
            environment[$"{Route}Mode"] = "Frames";
        }

        if (profile.MaxMessageBytes > 0)
        {
            environment[$"{Route}MaxMessageBytes"] = profile.MaxMessageBytes.ToString(CultureInfo.InvariantCulture);
        }

        if (profile.Balancing == BalancingPolicy.ConsistentHash)
        {
            environment[$"{Route}HashKey"] = profile.HashKey!;
        }

        if (profile.Balancing == BalancingPolicy.StickyCookie)
        {
            environment[$"{Route}AffinityCookieName"] = profile.StickyCookieName;
        }

        if (profile.Tls is { } tls)
        {
            environment["Proxy__Tls__CertificatePath"] = tls.CertificatePath;
            environment["Proxy__Tls__KeyPath"] = tls.KeyPath;
        }

        if (profile.Timeouts is { } timeouts)
        {
            environment["Proxy__ConnectTimeout"] = Span(timeouts.Connect);
            environment["Proxy__ReadTimeout"] = Span(timeouts.Read);
            environment["Proxy__SendTimeout"] = Span(timeouts.Send);
            if (timeouts.Idle is { } idle)
            {
                environment["Proxy__IdleTimeout"] = Span(idle);
            }
        }

        if (profile.KeepAlivePing is { } ping)
        {
            environment["Proxy__KeepAlivePing__Interval"] = Span(ping);
        }

        StreamingProxyNotes.Add(notes, profile, Target, "the proxy", pings: true);

        return new RenderedConfig(Target, new Dictionary<string, string>(), environment, notes);
    }

    private static string Span(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
