using WsProxyLab.Peers.Profiles;

namespace WsProxyLab.Peers.Rendering;

/// <summary>
/// Renders a profile into <c>haproxy.cfg</c> for HAProxy 2.6: HTTP mode (the Upgrade is handled without configuration),
/// <c>timeout tunnel</c> for upgraded connections, <c>balance roundrobin|leastconn|source</c> or a consistent hash,
/// <c>cookie … insert</c> for stickiness, <c>ssl crt</c> with a certificate and key in one PEM, and <c>maxconn</c>.
/// </summary>
public static class HaproxyRenderer
{
    /// <summary>The target name in notes and reports.</summary>
    public const string Target = "haproxy";

    /// <summary>The configuration file.</summary>
    public const string ConfigFileName = "haproxy.cfg";

    /// <summary>HAProxy reads certificate and key from one file: the rendering writes it beside the configuration.</summary>
    public const string CertificateFileName = "server-with-key.pem";

    /// <summary>Renders for a HAProxy whose configuration directory is <paramref name="directory"/> (as the process or container sees it).</summary>
    public static RenderedConfig Render(ProxyProfile profile, string directory)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var notes = new List<CapabilityNote>();
        var files = new Dictionary<string, string>();
        var text = new ConfigWriter();
        text.Line(0, "global");
        text.Line(1, $"maxconn {profile.MaxConnections}");
        text.Line(1, "nbthread 2");
        text.Line(1, "log stderr format raw local0 notice");
        text.Line(1, "ssl-default-bind-options ssl-min-ver TLSv1.2");
        text.Line(0, "defaults");
        text.Line(1, "mode http");
        text.Line(1, "log global");
        text.Line(1, "option forwardfor");
        if (!profile.Buffering)
        {
            // Without it HAProxy sends each small chunk with MSG_MORE, expecting more to follow: an SSE event waited for
            // the next one, about 100 ms at 10 events a second (measured by compare's sse measurement).
            text.Line(1, "option http-no-delay");
        }

        if (profile.Timeouts is { } timeouts)
        {
            var tunnel = timeouts.Idle is { } idle && idle < timeouts.Read ? idle : timeouts.Read;
            text.Line(1, $"timeout connect {Milliseconds(timeouts.Connect)}");
            text.Line(1, $"timeout client {Milliseconds(tunnel)}");
            text.Line(1, $"timeout server {Milliseconds(tunnel)}");
            text.Line(1, $"timeout tunnel {Milliseconds(tunnel)}");
            notes.Add(new CapabilityNote(Target, "read and send timeouts", CapabilitySupport.Approximated,
                "an upgraded connection has one timer, timeout tunnel, which counts silence in both directions; it is set to the read (or shorter idle) timeout"));
        }
        else
        {
            notes.Add(new CapabilityNote(Target, "default timeouts", CapabilitySupport.Approximated,
                "HAProxy has no built-in timeouts (it warns and never expires idle connections); the rendering sets none"));
        }

        text.Line(0, "frontend lab");
        text.Line(1, $"bind {profile.ListenAddress}:{profile.ListenPort}");
        if (profile is { TlsListenPort: { } tlsPort, Tls: { } tls })
        {
            files[CertificateFileName] = File.ReadAllText(tls.CertificatePath).TrimEnd() + "\n" + File.ReadAllText(tls.KeyPath).TrimEnd() + "\n";
            text.Line(1, $"bind {profile.ListenAddress}:{tlsPort} ssl crt {directory}/{CertificateFileName} alpn h2,http/1.1");
            text.Line(1, "http-request set-header X-Forwarded-Proto https if { ssl_fc }");
        }

        if (profile.AllowedOrigins.Count > 0)
        {
            text.Line(1, $"acl origin_allowed req.hdr(origin) -m str {string.Join(' ', profile.AllowedOrigins)}");
            text.Line(1, "http-request deny deny_status 403 if { req.hdr(origin) -m found } !origin_allowed");
        }

        text.Line(1, $"maxconn {profile.MaxConnections}");
        text.Line(1, "default_backend replicas");
        text.Line(0, "backend replicas");
        foreach (var line in BalancingLines(profile))
        {
            text.Line(1, line);
        }

        for (var index = 0; index < profile.Upstreams.Count; index++)
        {
            var cookie = profile.Balancing == BalancingPolicy.StickyCookie ? $" cookie r{index}" : string.Empty;
            text.Line(1, $"server r{index} {profile.Upstreams[index].Authority}{cookie}");
        }

        StreamingProxyNotes.Add(notes, profile, Target, "HAProxy", pings: false,
            buffering: "HAProxy has no response buffer like nginx's; without 'option http-no-delay' it holds each small chunk back for more (MSG_MORE), which delays streamed events by about one event interval");

        if (profile.InspectFrames)
        {
            notes.Add(new CapabilityNote(Target, "frame inspection", CapabilitySupport.Unsupported, "HAProxy relays an upgraded connection's bytes unread: the backend answers a bad frame"));

            if (profile.MaxMessageBytes > 0)
            {
                notes.Add(new CapabilityNote(Target, "message size limit", CapabilitySupport.Unsupported, "HAProxy has no limit on an upgraded connection's messages: a frame of any declared length is relayed"));
            }
        }

        files[ConfigFileName] = text.ToString();
        return new RenderedConfig(Target, files, new Dictionary<string, string>(), notes);
    }

    private static IEnumerable<string> BalancingLines(ProxyProfile profile)
    {
        switch (profile.Balancing)
        {
            case BalancingPolicy.LeastConnections:
                yield return "balance leastconn";
                break;
            case BalancingPolicy.IpHash:
                yield return "balance source";
                break;
            case BalancingPolicy.ConsistentHash:
                var key = HashKeySource.TryParse(profile.HashKey)!;
                yield return key.Kind switch
                {
                    "header" => $"balance hdr({key.Name})",
                    "cookie" => $"balance hash req.cook({key.Name})",
                    _ => $"balance url_param {key.Name}",
                };
                yield return "hash-type consistent";
                break;
            case BalancingPolicy.StickyCookie:
                yield return "balance roundrobin";
                yield return $"cookie {profile.StickyCookieName} insert indirect nocache";
                break;
            default:
                yield return "balance roundrobin";
                break;
        }
    }

    private static string Milliseconds(TimeSpan value) => $"{Math.Max(1, (long)Math.Ceiling(value.TotalMilliseconds))}ms";
}
