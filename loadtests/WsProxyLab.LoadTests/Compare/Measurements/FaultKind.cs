namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>What the fault suite breaks while the held load runs.</summary>
internal enum FaultKind
{
    /// <summary>SIGKILL of one replica.</summary>
    BackendKill,

    /// <summary>SIGTERM of one replica: it closes its sockets with 1001 as it stops.</summary>
    BackendStop,

    /// <summary>The proxy reloads its configuration the way its operators do (YARP, which has no reload of its process, restarts).</summary>
    ProxyReload,

    /// <summary>5 % packet loss on the link to one replica.</summary>
    LinkLoss,

    /// <summary>The link to one replica drops everything: only timeouts can tell the clients.</summary>
    LinkBlackhole,

    /// <summary>Clients that ask for a fast stream and never read it.</summary>
    SlowConsumer,

    /// <summary>Thousands of WebSocket handshakes in one burst.</summary>
    ConnectStorm,

    /// <summary>Thousands of TCP connections that never send a byte.</summary>
    SilentStorm,
}
