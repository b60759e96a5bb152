using System.Globalization;

namespace WsProxyLab.Troubleshooting.Lint.Nginx;

/// <summary>Finds the WebSocket pitfalls in a parsed nginx configuration.</summary>
public static class NginxLinter
{
    private static readonly TimeSpan DefaultProxyTimeout = TimeSpan.FromSeconds(60);

    private static readonly string[] UpgradeHeaderNames = ["Upgrade", "Connection"];

    /// <summary>Every finding, in file order.</summary>
    public static IReadOnlyList<Finding> Lint(NginxConfig config, LintOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        var findings = new List<Finding>();
        var webSocket = NginxLocations.WebSocket(config);
        foreach (var location in webSocket)
        {
            HttpVersion(location, findings);
            UpgradeHeaders(location, findings);
            ProxyTimeout(location, "proxy_read_timeout", NginxRules.ReadTimeout,
                "a tunnel whose upstream sends nothing for that long is closed, and the client sees 1006",
                "set 'proxy_read_timeout 3600s;' (longer than your clients' ping interval, and have them ping more often than that)", findings);
            ProxyTimeout(location, "proxy_send_timeout", NginxRules.SendTimeout,
                "a tunnel whose writes to a slow upstream stall for that long is closed",
                "set 'proxy_send_timeout 3600s;' (as long as the read timeout)", findings);
        }

        foreach (var location in NginxLocations.Proxied(config))
        {
            Buffering(location, webSocket.Contains(location), findings);
            UpstreamTls(location, findings);
        }

        Affinity(config, webSocket, findings);
        Http2(webSocket, findings);
        if (options.Connections is { } connections)
        {
            Capacity(config, connections, options.ProcessorCount, findings);
        }

        return [.. findings.OrderBy(finding => config.Files.ToList().IndexOf(finding.Location.File)).ThenBy(finding => finding.Location.Line)];
    }

    private static void HttpVersion(NginxDirective location, List<Finding> findings)
    {
        var version = NginxInheritance.Effective(location, "proxy_http_version");
        if (version?.FirstArgument == "1.1")
        {
            return;
        }

        var seen = version is null ? "proxy_http_version is not set, so nginx speaks its default HTTP/1.0 to the upstream" : $"proxy_http_version is {version.FirstArgument}";
        findings.Add(new Finding(NginxRules.HttpVersion, (version ?? location).Location,
            $"location {NginxLocations.Path(location)} proxies WebSockets, but {seen}: an Upgrade cannot pass over HTTP/1.0, and the handshake fails (400 or 426 from the backend, or a plain 200)",
            "add 'proxy_http_version 1.1;' to the location"));
    }

    private static void UpgradeHeaders(NginxDirective location, List<Finding> findings)
    {
        var missing = UpgradeHeaderNames.Where(header => NginxInheritance.ProxyHeader(location, header) is null).ToList();
        if (missing.Count == 0)
        {
            ConnectionValue(location, findings);
            return;
        }

        var hidden = missing.Select(header => NginxInheritance.HiddenProxyHeader(location, header)).FirstOrDefault(line => line is not null);
        var why = hidden is null
            ? "they are hop-by-hop headers, which nginx never passes on by itself"
            : $"the proxy_set_header at {hidden.Location} is not inherited, because this location (or a level nearer it) sets proxy_set_header of its own, and nginx then inherits none";
        findings.Add(new Finding(NginxRules.UpgradeHeaders, location.Location,
            $"location {NginxLocations.Path(location)} proxies WebSockets without {string.Join(" and ", missing)} forwarded ({why}): the upstream sees a plain request and answers 400 or 426 instead of 101",
            "add 'proxy_set_header Upgrade $http_upgrade;' and 'proxy_set_header Connection $connection_upgrade;' to the location, with 'map $http_upgrade $connection_upgrade { default upgrade; '' close; }' in http"));
    }

    private static void ConnectionValue(NginxDirective location, List<Finding> findings)
    {
        var connection = NginxInheritance.ProxyHeader(location, "Connection")!;
        var value = connection.Arguments.Count > 1 ? connection.Arguments[1] : string.Empty;
        if (value.Contains('$', StringComparison.Ordinal) || !string.Equals(value, "upgrade", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        findings.Add(new Finding(NginxRules.ConnectionHardCoded, connection.Location,
            $"location {NginxLocations.Path(location)} sends 'Connection: upgrade' with every request, plain HTTP ones too: the upstream connection cannot be kept alive, and a request that is not an upgrade asks the upstream to switch protocols",
            "use the idiom: 'map $http_upgrade $connection_upgrade { default upgrade; '' close; }' in http and 'proxy_set_header Connection $connection_upgrade;' here"));
    }

    private static void ProxyTimeout(NginxDirective location, string name, LintRule rule, string consequence, string fix, List<Finding> findings)
    {
        var directive = NginxInheritance.Effective(location, name);
        var value = DefaultProxyTimeout;
        if (directive is not null && !NginxTime.TryParse(directive.FirstArgument, out value))
        {
            return;
        }

        if (value > DefaultProxyTimeout)
        {
            return;
        }

        var seen = directive is null ? $"{name} is not set, so it is nginx's default of 60s" : $"{name} is {directive.FirstArgument}";
        findings.Add(new Finding(rule, (directive ?? location).Location,
            $"location {NginxLocations.Path(location)} proxies WebSockets and {seen}: {consequence}",
            fix));
    }

    private static void Buffering(NginxDirective location, bool proxiesWebSockets, List<Finding> findings)
    {
        var directive = NginxInheritance.Effective(location, "proxy_buffering");
        var on = directive is null || string.Equals(directive.FirstArgument, "on", StringComparison.OrdinalIgnoreCase);
        var streams = NginxLocations.StreamsEvents(location);
        if (!on || !(streams || (directive is not null && proxiesWebSockets)))
        {
            return;
        }

        var seen = directive is null ? "proxy_buffering is not set, so it is on (nginx's default)" : $"proxy_buffering is on ({directive.Location})";
        var where = streams ? "its path names a stream of events" : "it proxies WebSockets, and the same location carries streamed responses";
        findings.Add(new Finding(NginxRules.Buffering, (directive ?? location).Location,
            $"location {NginxLocations.Path(location)}: {seen}, and {where}: a server-sent event waits in nginx's buffers until they fill or the response ends (over HTTP/1.0 to the upstream, until the end)",
            "set 'proxy_buffering off;' in the location (or have the backend send 'X-Accel-Buffering: no')"));
    }

    private static void UpstreamTls(NginxDirective location, List<Finding> findings)
    {
        var pass = location.Named("proxy_pass").Last();
        if (!pass.FirstArgument.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var verify = NginxInheritance.Effective(location, "proxy_ssl_verify");
        if (verify is not null && string.Equals(verify.FirstArgument, "on", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        findings.Add(new Finding(NginxRules.UpstreamTlsVerify, pass.Location,
            $"location {NginxLocations.Path(location)} proxies to {pass.FirstArgument} without checking the upstream's certificate (proxy_ssl_verify is {verify?.FirstArgument ?? "off, nginx's default"}): anyone on the path can stand in for the backend",
            "set 'proxy_ssl_verify on;', 'proxy_ssl_trusted_certificate /path/ca.pem;' and 'proxy_ssl_name' to the name in the backend's certificate"));
    }

    private static void Affinity(NginxConfig config, IReadOnlyList<NginxDirective> webSocket, List<Finding> findings)
    {
        var upstreams = config.All().Where(directive => directive.Name == "upstream").ToList();
        var used = webSocket
            .Select(location => UpstreamName(location.Named("proxy_pass").Last().FirstArgument))
            .Distinct(StringComparer.Ordinal);
        foreach (var name in used)
        {
            if (upstreams.FirstOrDefault(upstream => upstream.FirstArgument == name) is not { } upstream)
            {
                continue;
            }

            var servers = upstream.Named("server").Count();
            if (servers < 2 || upstream.Children.Any(child => child.Name is "ip_hash" or "hash" or "sticky"))
            {
                continue;
            }

            var method = upstream.Children.Any(child => child.Name == "least_conn") ? "least_conn" : "round-robin";
            findings.Add(new Finding(NginxRules.NoAffinity, upstream.Location,
                $"upstream {name} balances WebSockets over {servers} servers {method}, with no affinity: a client that reconnects lands on any of them, which matters when a backend keeps session state",
                "where sessions are stateful, add 'hash $cookie_session consistent;' (or 'ip_hash;') to the upstream; NGINX Plus has 'sticky cookie'"));
        }
    }

    private static void Http2(IReadOnlyList<NginxDirective> webSocket, List<Finding> findings)
    {
        foreach (var server in webSocket.Select(NginxInheritance.Server).OfType<NginxDirective>().Distinct())
        {
            var http2 = server.Named("listen").FirstOrDefault(listen => listen.Arguments.Contains("http2"))
                ?? server.Named("http2").FirstOrDefault(directive => directive.FirstArgument == "on");
            if (http2 is null)
            {
                continue;
            }

            findings.Add(new Finding(NginxRules.Http2, http2.Location,
                "this server speaks HTTP/2, but nginx cannot carry WebSockets over HTTP/2 (RFC 8441): clients open their WebSockets on a separate HTTP/1.1 connection, which works but costs a handshake",
                "nothing to change for WebSockets to work; to share a connection, put a proxy that speaks RFC 8441 in front (HAProxy, Envoy, Kestrel)"));
        }
    }

    private static void Capacity(NginxConfig config, int connections, int processorCount, List<Finding> findings)
    {
        var main = config.Main;
        var processes = main.Named("worker_processes").LastOrDefault();
        var workers = processes?.FirstArgument == "auto" ? processorCount
            : int.TryParse(processes?.FirstArgument, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 1;
        var events = main.Named("events").LastOrDefault();
        var perWorkerDirective = events?.Named("worker_connections").LastOrDefault();
        var perWorker = int.TryParse(perWorkerDirective?.FirstArgument, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 512;
        var needed = 2L * connections;
        var perWorkerNeeded = (int)Math.Ceiling(needed / (double)workers);
        var anchor = perWorkerDirective?.Location ?? events?.Location ?? new SourceLocation(config.Files[0], 1);
        if ((long)workers * perWorker < needed)
        {
            findings.Add(new Finding(NginxRules.WorkerConnections, anchor,
                $"{workers} worker(s) × worker_connections {perWorker}{(perWorkerDirective is null ? " (nginx's default)" : string.Empty)} hold {workers * (long)perWorker:N0} connections, {workers * (long)perWorker / 2:N0} tunnels: {connections:N0} WebSockets need {needed:N0} (a client and an upstream connection each), and the rest are refused with 'worker_connections are not enough' in the error log",
                $"set 'worker_connections {Headroom(perWorkerNeeded)};' in events (workers do not share connections evenly: leave headroom)"));
        }

        var limit = main.Named("worker_rlimit_nofile").LastOrDefault();
        var fileLimit = int.TryParse(limit?.FirstArgument, NumberStyles.None, CultureInfo.InvariantCulture, out var files) ? files : (int?)null;
        var filesNeeded = Math.Min(perWorker, perWorkerNeeded);
        if (fileLimit is { } set && set >= filesNeeded)
        {
            return;
        }

        var seen = fileLimit is null
            ? "worker_rlimit_nofile is not set, so each worker keeps the open-file limit it was started with (ulimit -n, often 1024)"
            : $"worker_rlimit_nofile is {fileLimit}";
        findings.Add(new Finding(NginxRules.WorkerFileLimit, limit?.Location ?? anchor,
            $"{seen}, and each of {workers} worker(s) needs about {filesNeeded:N0} open files for {connections:N0} WebSockets: past the limit, accept() fails with 'Too many open files'",
            $"set 'worker_rlimit_nofile {Headroom(Math.Max(filesNeeded, perWorker))};' in the main context"));
    }

    private static string UpstreamName(string proxyPass)
    {
        var afterScheme = proxyPass.Contains("://", StringComparison.Ordinal) ? proxyPass[(proxyPass.IndexOf("://", StringComparison.Ordinal) + 3)..] : proxyPass;
        var end = afterScheme.IndexOfAny(['/', ':', '$']);
        return end < 0 ? afterScheme : afterScheme[..end];
    }

    private static int Headroom(int needed) => (int)(Math.Ceiling(needed * 1.25 / 1024) * 1024);
}
