namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>What the command line asks of a scenario.</summary>
/// <param name="Target">The ws:// or wss:// URL.</param>
/// <param name="Connections">Connections (copies) held.</param>
/// <param name="Rate">Messages per second over all connections.</param>
/// <param name="MessageBytes">Bytes per message.</param>
/// <param name="Duration">How long the measured load runs.</param>
/// <param name="WarmUp">How long it runs first, unmeasured.</param>
/// <param name="RoomSize">Members per chat room (chat-fanout).</param>
/// <param name="Heartbeat">How often each held connection sends a heartbeat (hold); zero for none.</param>
/// <param name="CertificateValidation">For wss:// and https:// targets whose certificate a lab CA signed; null trusts the system's CAs.</param>
internal sealed record RunSettings(
    Uri Target, int Connections, int Rate, int MessageBytes, TimeSpan Duration, TimeSpan WarmUp, int RoomSize, TimeSpan Heartbeat,
    System.Net.Security.RemoteCertificateValidationCallback? CertificateValidation)
{
    /// <summary>Whether heartbeats are protocol pings timed to their pongs (k6's <c>ws_ping</c>) rather than echoed messages (hold).</summary>
    public bool Ping { get; init; }

    /// <summary>Each copy sends this header with its own value (<c>client-N</c>), a key a consistent hash can balance on (sticky); null sends none.</summary>
    public string? ClientIdHeader { get; init; }

    /// <summary>Each copy connects from its own loopback address (127.0.0.2 upward, this many in turn), as clients on separate hosts (sticky); 0 for the system's choice.</summary>
    public int ClientAddresses { get; init; }

    /// <summary>How long each copy waits between reconnect cycles (sticky); zero reconnects at once.</summary>
    public TimeSpan CyclePause { get; init; }
}
