using System.Globalization;
using WsProxyLab.Peers.Profiles;

namespace WsProxyLab.Peers.Rendering;

/// <summary>
/// Renders a profile into <c>nginx.conf</c> as the seed teaches it done right: HTTP/1.1 to the upstream, <c>Upgrade</c> and
/// <c>Connection</c> set through <c>map $http_upgrade</c>, read and send timeouts, <c>proxy_buffering</c>, TLS, an
/// <c>upstream</c> block with the balancing method, and connection limits sized for the profile (nginx's default of 512
/// connections per worker holds only 256 tunnels). Written for Debian's nginx 1.22 (open source: no <c>sticky</c>).
/// </summary>
public static class NginxRenderer
{
    /// <summary>The target name in notes and reports.</summary>
    public const string Target = "nginx";

    /// <summary>The file the rendering writes.</summary>
    public const string ConfigFileName = "nginx.conf";

    private const int WorkerProcesses = 2;

    /// <summary>Renders for an nginx started with <c>-p <paramref name="prefix"/></c>; temp files and the pid live under it.</summary>
    public static RenderedConfig Render(ProxyProfile profile, string prefix)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var notes = new List<CapabilityNote>();
        // Each tunnel holds a client and an upstream connection, and either worker may take most of them.
        var workerConnections = Math.Max(1024, (2 * profile.MaxConnections) + 512);
        var text = new ConfigWriter();
        text.Line(0, $"worker_processes {WorkerProcesses};");
        text.Line(0, $"pid {prefix}/nginx.pid;");
        text.Line(0, "error_log stderr warn;");
        text.Line(0, $"worker_rlimit_nofile {workerConnections + 100};");
        text.Line(0, "events {");
        text.Line(1, $"worker_connections {workerConnections};");
        text.Line(0, "}");
        text.Line(0, "http {");
        text.Line(1, "access_log off;");
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            text.Line(1, $"{temp}_temp_path {prefix}/{temp}_temp;");
        }

        if (profile.ForwardUpgradeHeaders)
        {
            text.Line(1, "map $http_upgrade $connection_upgrade {");
            text.Line(2, "default upgrade;");
            text.Line(2, "''      close;");
            text.Line(1, "}");
        }

        if (profile.AllowedOrigins.Count > 0)
        {
            // A map rather than an 'if' on a regex: exact matches, and a handshake without an Origin (not a browser) passes.
            text.Line(1, "map $http_origin $origin_refused {");
            text.Line(2, "default 1;");
            text.Line(2, "'' 0;");
            foreach (var origin in profile.AllowedOrigins)
            {
                text.Line(2, $"\"{origin}\" 0;");
            }

            text.Line(1, "}");
        }

        text.Line(1, "limit_conn_zone $server_name zone=per_server:1m;");
        text.Line(1, "upstream backend {");
        if (BalancingDirective(profile, notes) is { } balancing)
        {
            text.Line(2, balancing);
        }

        foreach (var upstream in profile.Upstreams)
        {
            text.Line(2, $"server {upstream.Authority};");
        }

        text.Line(1, "}");
        text.Line(1, "server {");
        text.Line(2, $"listen {profile.ListenAddress}:{profile.ListenPort};");
        if (profile is { TlsListenPort: { } tlsPort, Tls: { } tls })
        {
            text.Line(2, $"listen {profile.ListenAddress}:{tlsPort} ssl;");
            text.Line(2, $"ssl_certificate {tls.CertificatePath};");
            text.Line(2, $"ssl_certificate_key {tls.KeyPath};");
            text.Line(2, "ssl_protocols TLSv1.2 TLSv1.3;");
        }

        text.Line(2, $"limit_conn per_server {profile.MaxConnections};");
        text.Line(2, "location / {");
        if (profile.AllowedOrigins.Count > 0)
        {
            text.Line(3, "if ($origin_refused) {");
            text.Line(4, "return 403;");
            text.Line(3, "}");
        }

        text.Line(3, "proxy_pass http://backend;");
        if (profile.UpstreamHttp11)
        {
            text.Line(3, "proxy_http_version 1.1;");
        }

        if (profile.ForwardUpgradeHeaders)
        {
            text.Line(3, "proxy_set_header Upgrade $http_upgrade;");
            text.Line(3, "proxy_set_header Connection $connection_upgrade;");
        }

        text.Line(3, "proxy_set_header Host $host;");
        text.Line(3, "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
        text.Line(3, "proxy_set_header X-Forwarded-Proto $scheme;");
        if (profile.Timeouts is { } timeouts)
        {
            text.Line(3, $"proxy_connect_timeout {Seconds(timeouts.Connect)};");
            text.Line(3, $"proxy_read_timeout {Seconds(timeouts.Read)};");
            text.Line(3, $"proxy_send_timeout {Seconds(timeouts.Send)};");
            if (timeouts.Idle is not null)
            {
                notes.Add(new CapabilityNote(Target, "idle timeout", CapabilitySupport.Unsupported,
                    "nginx has no timer for silence in both directions, only proxy_read_timeout (upstream silent) and proxy_send_timeout"));
            }
        }

        text.Line(3, $"proxy_buffering {(profile.Buffering ? "on" : "off")};");
        text.Line(2, "}");
        text.Line(1, "}");
        text.Line(0, "}");

        if (profile.KeepAlivePing is not null)
        {
            notes.Add(new CapabilityNote(Target, "keep-alive ping", CapabilitySupport.Unsupported, "nginx never originates WebSocket frames"));
        }

        if (profile.InspectFrames)
        {
            notes.Add(new CapabilityNote(Target, "frame inspection", CapabilitySupport.Unsupported, "nginx relays an upgraded connection's bytes unread: the backend answers a bad frame"));

            if (profile.MaxMessageBytes > 0)
            {
                notes.Add(new CapabilityNote(Target, "message size limit", CapabilitySupport.Unsupported, "nginx has no limit on an upgraded connection's messages: a frame of any declared length is relayed"));
            }
        }

        return new RenderedConfig(Target, new Dictionary<string, string> { [ConfigFileName] = text.ToString() }, new Dictionary<string, string>(), notes);
    }

    private static string? BalancingDirective(ProxyProfile profile, List<CapabilityNote> notes)
    {
        switch (profile.Balancing)
        {
            case BalancingPolicy.LeastConnections:
                return "least_conn;";
            case BalancingPolicy.IpHash:
                return "ip_hash;";
            case BalancingPolicy.ConsistentHash:
                var key = HashKeySource.TryParse(profile.HashKey)!;
                var variable = key.Kind switch
                {
                    "header" => "$http_" + key.Name.ToLowerInvariant().Replace('-', '_'),
                    "cookie" => "$cookie_" + key.Name,
                    _ => "$arg_" + key.Name,
                };
                return $"hash {variable} consistent;";
            case BalancingPolicy.StickyCookie:
                notes.Add(new CapabilityNote(Target, "sticky cookie", CapabilitySupport.Unsupported,
                    "the sticky directive is NGINX Plus only; Debian's nginx 1.22 balances round-robin instead"));
                return null;
            default:
                return null;
        }
    }

    /// <summary>nginx's time syntax: whole seconds as <c>Ns</c>, anything finer as <c>Nms</c>.</summary>
    internal static string Seconds(TimeSpan value) => value.Ticks % TimeSpan.TicksPerSecond == 0
        ? ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
        : Math.Max(1, (long)Math.Ceiling(value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";
}
