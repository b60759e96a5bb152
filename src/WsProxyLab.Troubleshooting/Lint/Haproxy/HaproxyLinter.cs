using System.Globalization;

namespace WsProxyLab.Troubleshooting.Lint.Haproxy;

/// <summary>Finds the WebSocket pitfalls in a parsed HAProxy configuration; every backend and listen section is taken to carry WebSockets.</summary>
public static class HaproxyLinter
{
    private static readonly HashSet<string> AffinityBalances = ["source", "uri", "url_param", "hash", "rdp-cookie"];

    /// <summary>Every finding, in file order.</summary>
    public static IReadOnlyList<Finding> Lint(HaproxyConfig config, LintOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        var findings = new List<Finding>();
        var frontends = config.Sections.Where(section => section.Kind is "frontend" or "listen").ToList();
        foreach (var backend in config.Sections.Where(section => section.HasServers))
        {
            TimeoutTunnel(config, backend, frontends, findings);
            Affinity(config, backend, findings);
        }

        HttpClose(config, findings);

        if (options.Connections is { } connections)
        {
            MaxConn(config, connections, findings);
        }

        return [.. findings.OrderBy(finding => finding.Location.Line)];
    }

    private static void TimeoutTunnel(HaproxyConfig config, HaproxySection backend, List<HaproxySection> frontends, List<Finding> findings)
    {
        if (config.Effective(backend, "timeout", "tunnel") is not null)
        {
            return;
        }

        var server = Timeout(config, backend, "server");
        // The frontend's client timeout counts too: the one this backend is reached from, else the listen section itself.
        var client = backend.Kind == "listen" ? Timeout(config, backend, "client") : frontends.Select(frontend => Timeout(config, frontend, "client")).Where(value => value is not null).Min();
        var cut = new[] { server, client }.Where(value => value is not null).Min();
        var message = cut is { } shortest
            ? $"{backend} has no 'timeout tunnel', so an upgraded connection keeps the client and server timeouts (timeout client {Show(client)}, timeout server {Show(server)}): a WebSocket idle for {HaproxyTime.Format(shortest)} is cut, and the client sees 1006"
            : $"{backend} has no 'timeout tunnel', nor client or server timeouts: idle tunnels are never reaped (HAProxy warns about the missing timeouts at start), and a half-open connection holds its slot for ever";
        findings.Add(new Finding(HaproxyRules.TimeoutTunnel, backend.Location, message,
            "add 'timeout tunnel 1h' to the backend (or to defaults): it replaces the client and server timeouts once the connection is upgraded"));
    }

    private static TimeSpan? Timeout(HaproxyConfig config, HaproxySection section, string kind) =>
        config.Effective(section, "timeout", kind) is { } line && HaproxyTime.TryParse(line.Word(2), out var value) ? value : null;

    private static string Show(TimeSpan? value) => value is { } set ? HaproxyTime.Format(set) : "unset";

    private static void HttpClose(HaproxyConfig config, List<Finding> findings)
    {
        // One finding per line: an 'option httpclose' in defaults reaches every proxy section after it.
        var reached = config.Sections
            .Where(section => section.IsProxy && !section.Starting("no", "option", "httpclose").Any())
            .Select(section => (Section: section, Line: config.Effective(section, "option", "httpclose")))
            .Where(pair => pair.Line is not null)
            .GroupBy(pair => pair.Line!);
        foreach (var group in reached)
        {
            findings.Add(new Finding(HaproxyRules.HttpClose, group.Key.Location,
                $"'option httpclose' applies to {string.Join(", ", group.Select(pair => pair.Section))}: HAProxy closes both sides after each exchange, so no connection is reused, and clients and proxies in front that expect a persistent connection around the upgrade misbehave; WebSockets need no option at all",
                "remove 'option httpclose' (HAProxy's default keep-alive mode handles the upgrade); use 'option http-server-close' if server connections must not be reused"));
        }
    }

    private static void Affinity(HaproxyConfig config, HaproxySection backend, List<Finding> findings)
    {
        var servers = backend.Starting("server").Count();
        if (servers < 2)
        {
            return;
        }

        var balance = config.Effective(backend, "balance");
        var algorithm = balance?.Word(1) ?? "roundrobin";
        var algorithmName = algorithm.Split('(')[0];
        var sticky = AffinityBalances.Contains(algorithmName) || algorithmName is "hdr"
            || config.Effective(backend, "cookie") is not null
            || backend.Starting("stick").Any() || backend.Starting("stick-table").Any();
        if (sticky)
        {
            return;
        }

        findings.Add(new Finding(HaproxyRules.NoAffinity, balance?.Location ?? backend.Location,
            $"{backend} balances {servers} servers with 'balance {algorithm}' and no affinity: a client that reconnects lands on any of them, which matters when a backend keeps session state",
            "where sessions are stateful, add 'cookie SRV insert indirect nocache' with 'cookie NAME' on each server, or 'balance source', or 'stick on src' with a stick-table"));
    }

    private static void MaxConn(HaproxyConfig config, int connections, List<Finding> findings)
    {
        if (config.Global is { } global && global.Starting("maxconn").LastOrDefault() is { } line && Below(line, connections, out var value))
        {
            findings.Add(new Finding(HaproxyRules.MaxConn, line.Location,
                $"global maxconn is {value:N0}: past it HAProxy stops accepting, so {connections:N0} WebSockets cannot all be open at once",
                $"set 'maxconn {connections}' or more in global (HAProxy needs about two file descriptors per connection: check 'ulimit -n' or set 'fd-hard-limit')"));
        }

        foreach (var frontend in config.Sections.Where(section => section.Kind is "frontend" or "listen"))
        {
            if (config.Effective(frontend, "maxconn") is { } limit && Below(limit, connections, out var frontendValue))
            {
                findings.Add(new Finding(HaproxyRules.MaxConn, limit.Location,
                    $"maxconn {frontendValue:N0} applies to {frontend}: further clients wait in the kernel's backlog, and {connections:N0} WebSockets cannot all be open at once",
                    $"set 'maxconn {connections}' or more in {frontend} (or in its defaults)"));
            }
        }
    }

    private static bool Below(HaproxyLine line, int connections, out int value) =>
        int.TryParse(line.Word(1), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value < connections;
}
