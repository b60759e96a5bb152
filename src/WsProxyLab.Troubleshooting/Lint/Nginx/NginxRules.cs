namespace WsProxyLab.Troubleshooting.Lint.Nginx;

/// <summary>The checks lint makes on an nginx configuration.</summary>
public static class NginxRules
{
    /// <summary>A WebSocket location speaks HTTP/1.0 to its upstream.</summary>
    public static readonly LintRule HttpVersion = new("nginx-http-version", Severity.Error, "WebSocket location without proxy_http_version 1.1");

    /// <summary>A WebSocket location does not forward <c>Upgrade</c> or <c>Connection</c>.</summary>
    public static readonly LintRule UpgradeHeaders = new("nginx-upgrade-headers", Severity.Error, "WebSocket location without the Upgrade or Connection header");

    /// <summary><c>Connection "upgrade"</c> sent with every request.</summary>
    public static readonly LintRule ConnectionHardCoded = new("nginx-connection-hardcoded", Severity.Warning, "Connection \"upgrade\" hard-coded instead of the map $http_upgrade idiom");

    /// <summary>An idle tunnel is cut by <c>proxy_read_timeout</c>.</summary>
    public static readonly LintRule ReadTimeout = new("nginx-read-timeout", Severity.Warning, "proxy_read_timeout of 60 s or less on a WebSocket location");

    /// <summary>A stalled write is cut by <c>proxy_send_timeout</c>.</summary>
    public static readonly LintRule SendTimeout = new("nginx-send-timeout", Severity.Warning, "proxy_send_timeout of 60 s or less on a WebSocket location");

    /// <summary>Streamed events wait in nginx's buffers.</summary>
    public static readonly LintRule Buffering = new("nginx-buffering", Severity.Warning, "proxy_buffering on where events stream");

    /// <summary>An upstream certificate is not checked.</summary>
    public static readonly LintRule UpstreamTlsVerify = new("nginx-upstream-tls-verify", Severity.Warning, "proxy_pass https:// without proxy_ssl_verify on");

    /// <summary>Several upstream servers, and a reconnecting client lands on any of them.</summary>
    public static readonly LintRule NoAffinity = new("nginx-no-affinity", Severity.Info, "several upstream servers with no affinity for stateful sockets");

    /// <summary>The workers cannot hold the stated connections.</summary>
    public static readonly LintRule WorkerConnections = new("nginx-worker-connections", Severity.Error, "worker_connections too low for the stated connections");

    /// <summary>A worker's open-file limit is below what its connections need.</summary>
    public static readonly LintRule WorkerFileLimit = new("nginx-worker-rlimit-nofile", Severity.Warning, "worker_rlimit_nofile unset or too low for the stated connections");

    /// <summary><c>listen … http2</c> where WebSockets are proxied.</summary>
    public static readonly LintRule Http2 = new("nginx-http2-websocket", Severity.Info, "HTTP/2 listener on a WebSocket location (nginx has no RFC 8441)");

    /// <summary>Every rule, for SARIF's rule list.</summary>
    public static IReadOnlyList<LintRule> All { get; } =
        [HttpVersion, UpgradeHeaders, ConnectionHardCoded, ReadTimeout, SendTimeout, Buffering, UpstreamTlsVerify, NoAffinity, WorkerConnections, WorkerFileLimit, Http2];
}
