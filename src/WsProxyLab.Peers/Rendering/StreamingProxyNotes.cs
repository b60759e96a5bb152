using WsProxyLab.Peers.Profiles;

namespace WsProxyLab.Peers.Rendering;

/// <summary>
/// The notes every proxy that handles WebSockets by itself gives (HAProxy, YARP, wsproxy): it cannot reproduce nginx's
/// pitfalls (missing Upgrade headers, HTTP/1.0 upstream, buffering), and, unless it can, it sends no ping of its own.
/// </summary>
internal static class StreamingProxyNotes
{
    /// <summary>Adds the notes; <paramref name="buffering"/> says what the target does instead of buffering, when it approximates it.</summary>
    public static void Add(List<CapabilityNote> notes, ProxyProfile profile, string target, string displayName, bool pings, string? buffering = null)
    {
        if (profile.Buffering && buffering is not null)
        {
            notes.Add(new CapabilityNote(target, "response buffering", CapabilitySupport.Approximated, buffering));
        }
        else if (profile.Buffering)
        {
            notes.Add(new CapabilityNote(target, "response buffering", CapabilitySupport.Unsupported, $"{displayName} forwards response data as it arrives; it has no buffering switch"));
        }

        if (!profile.UpstreamHttp11)
        {
            notes.Add(new CapabilityNote(target, "HTTP/1.0 to the upstream", CapabilitySupport.Unsupported, $"{displayName} speaks HTTP/1.1 or newer to the upstream"));
        }

        if (!profile.ForwardUpgradeHeaders)
        {
            notes.Add(new CapabilityNote(target, "missing Upgrade headers", CapabilitySupport.Unsupported, $"{displayName} forwards the Upgrade by itself; the pitfall cannot be reproduced"));
        }

        if (profile.KeepAlivePing is not null && !pings)
        {
            notes.Add(new CapabilityNote(target, "keep-alive ping", CapabilitySupport.Unsupported, $"{displayName} never originates WebSocket frames"));
        }
    }
}
