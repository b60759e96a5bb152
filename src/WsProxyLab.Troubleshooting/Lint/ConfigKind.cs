namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>The configuration languages lint reads.</summary>
public enum ConfigKind
{
    /// <summary>nginx's <c>nginx.conf</c>.</summary>
    Nginx,

    /// <summary>HAProxy's <c>haproxy.cfg</c>.</summary>
    Haproxy,
}
