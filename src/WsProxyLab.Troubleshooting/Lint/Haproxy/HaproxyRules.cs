namespace WsProxyLab.Troubleshooting.Lint.Haproxy;

/// <summary>The checks lint makes on a HAProxy configuration.</summary>
public static class HaproxyRules
{
    /// <summary>Upgraded connections fall back to the client and server timeouts.</summary>
    public static readonly LintRule TimeoutTunnel = new("haproxy-timeout-tunnel", Severity.Warning, "no timeout tunnel for WebSocket backends");

    /// <summary><c>option httpclose</c> where WebSockets pass.</summary>
    public static readonly LintRule HttpClose = new("haproxy-httpclose", Severity.Warning, "option httpclose on a WebSocket backend");

    /// <summary>Several servers, and a reconnecting client lands on any of them.</summary>
    public static readonly LintRule NoAffinity = new("haproxy-no-affinity", Severity.Info, "balance without affinity for stateful backends");

    /// <summary>A <c>maxconn</c> below the stated connections.</summary>
    public static readonly LintRule MaxConn = new("haproxy-maxconn", Severity.Error, "maxconn too low for the stated connections");

    /// <summary>Every rule, for SARIF's rule list.</summary>
    public static IReadOnlyList<LintRule> All { get; } = [TimeoutTunnel, HttpClose, NoAffinity, MaxConn];
}
