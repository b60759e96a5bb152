namespace WsProxyLab.Backends.WebSockets;

/// <summary>Application close codes (4000-4999, RFC 6455 §7.4.2) the backends send.</summary>
public static class BackendCloseCodes
{
    /// <summary>A chat resume token this replica did not issue or no longer holds: the client moved to another backend.</summary>
    public const int UnknownSessionToken = 4001;

    /// <summary>The chat session was resumed by a newer connection, which takes it over.</summary>
    public const int SessionTakenOver = 4002;
}
