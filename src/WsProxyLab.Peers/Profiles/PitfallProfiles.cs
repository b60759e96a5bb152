namespace WsProxyLab.Peers.Profiles;

/// <summary>The seed's three nginx pitfalls as variants of a working profile; each one breaks WebSockets in its own way.</summary>
public static class PitfallProfiles
{
    /// <summary>No <c>proxy_set_header Upgrade/Connection</c>: nginx sends the upstream a plain request and the handshake fails.</summary>
    public static ProxyProfile MissingUpgradeHeaders(ProxyProfile profile) =>
        profile with { Name = "pitfall-no-upgrade-headers", ForwardUpgradeHeaders = false };

    /// <summary>No timeout set: nginx's 60 s <c>proxy_read_timeout</c> closes every tunnel idle for a minute.</summary>
    public static ProxyProfile DefaultTimeouts(ProxyProfile profile) =>
        profile with { Name = "pitfall-default-timeouts", Timeouts = null };

    /// <summary>
    /// <c>proxy_buffering on</c> in a streaming location written with nginx's defaults (HTTP/1.0 to the upstream): the
    /// stream comes unchunked and waits in nginx's buffers until it ends. Over HTTP/1.1 nginx 1.22 passes each chunk on
    /// as it comes, buffering or not (measured), so the pitfall needs both.
    /// </summary>
    public static ProxyProfile BufferingOn(ProxyProfile profile) =>
        profile with { Name = "pitfall-buffering-on", Buffering = true, UpstreamHttp11 = false };

    /// <summary>All three, by name.</summary>
    public static IReadOnlyList<ProxyProfile> All(ProxyProfile profile) =>
        [MissingUpgradeHeaders(profile), DefaultTimeouts(profile), BufferingOn(profile)];
}
