namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// How a tunnel is relayed: its timeouts (upstream silence, a stalled write either way, no bytes either way when
/// positive), whether it inspects frames (<c>frames</c> mode, with an optional message size limit) and, when
/// <see cref="KeepAliveInterval"/> is positive, keep-alive pings to the client.
/// </summary>
internal sealed record RelaySettings(
    TimeSpan Read,
    TimeSpan Send,
    TimeSpan Idle,
    bool InspectFrames = false,
    long MaxMessageBytes = 0,
    TimeSpan KeepAliveInterval = default,
    TimeSpan KeepAliveTimeout = default);
