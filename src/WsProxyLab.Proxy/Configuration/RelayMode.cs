namespace WsProxyLab.Proxy.Configuration;

/// <summary>How a route relays WebSocket bytes after the handshake.</summary>
public enum RelayMode
{
    /// <summary>Opaque bytes, as nginx and HAProxy relay them; frame headers are followed only to place the proxy's own close frames.</summary>
    Tunnel,

    /// <summary>Frame headers are read (payloads are not copied): messages are counted, a size limit is enforced with close 1009, and a header split across reads is held back until whole.</summary>
    Frames,
}
