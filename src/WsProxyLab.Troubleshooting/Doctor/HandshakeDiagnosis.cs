namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>Reads an answer other than 101 the way an engineer who has seen the usual proxy mistakes would.</summary>
internal static class HandshakeDiagnosis
{
    private const string UpgradeFix =
        "nginx: in the location add 'proxy_http_version 1.1;', 'proxy_set_header Upgrade $http_upgrade;' and 'proxy_set_header Connection $connection_upgrade;' "
        + "with 'map $http_upgrade $connection_upgrade { default upgrade; '' close; }' in http. HAProxy passes the upgrade in mode http by itself: look for an 'http-request del-header' or a 'mode tcp' mismatch";

    public static (string Cause, string Fix) Explain(HandshakeResponse response, DoctorOptions options)
    {
        var said = $"{response.Body} {string.Join(' ', response.Headers.SelectMany(header => header))}";
        var mentionsUpgrade = said.Contains("upgrade", StringComparison.OrdinalIgnoreCase) || said.Contains("websocket", StringComparison.OrdinalIgnoreCase);
        return response.Status switch
        {
            101 => ("a 101 without 'Upgrade: websocket', 'Connection: Upgrade' or the right Sec-WebSocket-Accept: something between rewrote the answer",
                "look for a proxy that rewrites or strips response headers (nginx proxy_hide_header, HAProxy http-response del-header)"),
            400 when mentionsUpgrade => ("the backend saw a request without 'Upgrade: websocket': the proxy dropped the hop-by-hop Upgrade and Connection headers (the seed's pitfall 1)", UpgradeFix),
            400 => ("the request was refused as malformed, by the proxy or the backend", "read the body above and the proxy's error log (nginx: error_log at info; HAProxy: the log line's termination state)"),
            426 => ("'Upgrade Required': the backend wants a WebSocket upgrade it did not get, because the proxy spoke HTTP/1.0 to it or dropped the Upgrade header, or it wants another Sec-WebSocket-Version", UpgradeFix),
            403 => (options.Origin is null
                    ? "refused: an Origin check (doctor sent no Origin) or an access rule"
                    : $"refused: most likely an Origin check that does not allow '{options.Origin}', or an access rule",
                "pass --origin with an origin the endpoint allows, or add yours to the allow-list (nginx: a map on $http_origin; HAProxy: an acl on req.hdr(origin))"),
            404 => ($"no route for '{options.Target.AbsolutePath}': the proxy has no location for it, or the backend serves no WebSocket there",
                "check the path, nginx's 'location' blocks and HAProxy's 'use_backend' rules"),
            301 or 302 or 307 or 308 => ($"redirected to '{response.Header("Location")}': WebSocket clients do not follow redirects", "connect to the address it redirects to (often wss:// instead of ws://)"),
            200 => ("a plain 200: the request reached something that serves HTTP but did not upgrade (a static site, or a proxy that sent it on as plain HTTP)", UpgradeFix),
            502 => ("the proxy could not get an answer from a backend: it is down, refuses connections, or closed the connection",
                "check the upstream addresses and the backend's health; nginx logs 'connect() failed (111: Connection refused) while connecting to upstream'"),
            503 => ("no backend is available: all are marked down, the proxy is full (maxconn, limit_conn) or it is draining",
                "check the backends' health checks and the proxy's connection limits"),
            504 => ("the backend did not answer the handshake in time", "check the backend; nginx proxy_connect_timeout/proxy_read_timeout, HAProxy timeout connect/server bound the wait"),
            _ => ($"an unexpected status {response.Status}", "read the body above and the proxy's error log"),
        };
    }
}
