namespace WsProxyLab.Proxy.Relay;

/// <summary>Why a tunnel ended, named after YARP's <c>WebSocketCloseReason</c>.</summary>
public enum TunnelEndReason
{
    /// <summary>The client closed its connection.</summary>
    ClientDisconnect,

    /// <summary>The upstream closed its connection.</summary>
    ServerDisconnect,

    /// <summary>The client's connection failed (reset, write error).</summary>
    ClientError,

    /// <summary>The upstream's connection failed (reset, write error).</summary>
    ServerError,

    /// <summary>The upstream sent nothing for the read timeout.</summary>
    ReadTimeout,

    /// <summary>The client stopped reading: a write to it stalled for the send timeout.</summary>
    ClientSendTimeout,

    /// <summary>The upstream stopped reading: a write to it stalled for the send timeout.</summary>
    UpstreamSendTimeout,

    /// <summary>No bytes moved either way for the idle timeout.</summary>
    IdleTimeout,

    /// <summary>In <c>frames</c> mode, the client began a message over the size limit.</summary>
    ClientMessageTooBig,

    /// <summary>In <c>frames</c> mode, the upstream began a message over the size limit.</summary>
    UpstreamMessageTooBig,

    /// <summary>The client did not answer the proxy's keep-alive ping in time.</summary>
    KeepAliveTimeout,

    /// <summary>The proxy is stopping.</summary>
    ProxyStopping,
}
