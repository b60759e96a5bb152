using System.Globalization;
using WsProxyLab.Peers.Profiles;

namespace WsProxyLab.Peers.Rendering;

/// <summary>
/// Renders a profile into the configuration of the lab's minimal YARP 2.3 host (<c>src/WsProxyLab.YarpHost</c>), as
/// environment variables over YARP's <c>ReverseProxy</c> section and Kestrel's own settings: one catch-all route, one
/// cluster with the replicas, its load-balancing policy or cookie session affinity, and the activity timeout.
/// </summary>
public static class YarpRenderer
{
    /// <summary>The target name in notes and reports.</summary>
    public const string Target = "yarp";

    private const string Cluster = "ReverseProxy__Clusters__replicas__";

    /// <summary>Renders the environment of a YARP host process.</summary>
    public static RenderedConfig Render(ProxyProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var notes = new List<CapabilityNote>();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = ListenUrls(profile),
            ["ReverseProxy__Routes__all__ClusterId"] = "replicas",
            ["ReverseProxy__Routes__all__Match__Path"] = "{**catch-all}",
            ["Kestrel__Limits__MaxConcurrentConnections"] = Invariant(profile.MaxConnections),
            ["Kestrel__Limits__MaxConcurrentUpgradedConnections"] = Invariant(profile.MaxConnections),
        };
        for (var index = 0; index < profile.Upstreams.Count; index++)
        {
            environment[$"{Cluster}Destinations__r{index}__Address"] = profile.Upstreams[index].GetLeftPart(UriPartial.Authority);
        }

        if (profile.Tls is { } tls)
        {
            environment["Kestrel__Certificates__Default__Path"] = tls.CertificatePath;
            environment["Kestrel__Certificates__Default__KeyPath"] = tls.KeyPath;
        }

        switch (profile.Balancing)
        {
            case BalancingPolicy.LeastConnections:
                environment[$"{Cluster}LoadBalancingPolicy"] = "LeastRequests";
                notes.Add(new CapabilityNote(Target, "least connections", CapabilitySupport.Approximated, "YARP's LeastRequests counts requests in flight, which for WebSockets are the open tunnels"));
                break;
            case BalancingPolicy.IpHash:
                environment[$"{Cluster}LoadBalancingPolicy"] = "RoundRobin";
                notes.Add(new CapabilityNote(Target, "ip hash", CapabilitySupport.Unsupported, "YARP has no client-address policy; it balances round-robin instead"));
                break;
            case BalancingPolicy.ConsistentHash:
                environment[$"{Cluster}LoadBalancingPolicy"] = "RoundRobin";
                notes.Add(new CapabilityNote(Target, "consistent hash", CapabilitySupport.Unsupported, "YARP has no hash policy built in; it balances round-robin instead"));
                break;
            case BalancingPolicy.StickyCookie:
                environment[$"{Cluster}LoadBalancingPolicy"] = "RoundRobin";
                environment[$"{Cluster}SessionAffinity__Enabled"] = "true";
                environment[$"{Cluster}SessionAffinity__Policy"] = "Cookie";
                environment[$"{Cluster}SessionAffinity__AffinityKeyName"] = profile.StickyCookieName;
                break;
            default:
                environment[$"{Cluster}LoadBalancingPolicy"] = "RoundRobin";
                break;
        }

        if (profile.Timeouts is { } timeouts)
        {
            var activity = timeouts.Idle is { } idle && idle < timeouts.Read ? idle : timeouts.Read;
            environment[$"{Cluster}HttpRequest__ActivityTimeout"] = activity.ToString("c", CultureInfo.InvariantCulture);
            notes.Add(new CapabilityNote(Target, "read and send timeouts", CapabilitySupport.Approximated,
                "YARP has one ActivityTimeout per request, silence in both directions; it is set to the read (or shorter idle) timeout"));
            notes.Add(new CapabilityNote(Target, "connect timeout", CapabilitySupport.Unsupported, "YARP's cluster configuration has no connect timeout"));
        }
        else
        {
            notes.Add(new CapabilityNote(Target, "default timeouts", CapabilitySupport.Approximated, "YARP's default ActivityTimeout ends a tunnel after 100 s of silence"));
        }

        StreamingProxyNotes.Add(notes, profile, Target, "YARP", pings: false);

        if (profile.AllowedOrigins.Count > 0)
        {
            notes.Add(new CapabilityNote(Target, "allowed origins", CapabilitySupport.Unsupported,
                "YARP forwards a WebSocket handshake from any Origin; ASP.NET Core's WebSocketOptions.AllowedOrigins applies only to its own WebSocket middleware"));
        }

        if (profile.InspectFrames)
        {
            notes.Add(new CapabilityNote(Target, "frame inspection", CapabilitySupport.Unsupported, "YARP copies an upgraded connection's bytes unread: the backend answers a bad frame"));

            if (profile.MaxMessageBytes > 0)
            {
                notes.Add(new CapabilityNote(Target, "message size limit", CapabilitySupport.Unsupported, "YARP has no limit on an upgraded connection's messages: a frame of any declared length is relayed"));
            }
        }

        return new RenderedConfig(Target, new Dictionary<string, string>(), environment, notes);
    }

    /// <summary>Kestrel's listen URLs for the profile's plain and TLS ports.</summary>
    internal static string ListenUrls(ProxyProfile profile) => profile.TlsListenPort is { } tlsPort
        ? $"http://{profile.ListenAddress}:{profile.ListenPort};https://{profile.ListenAddress}:{tlsPort}"
        : $"http://{profile.ListenAddress}:{profile.ListenPort}";

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
