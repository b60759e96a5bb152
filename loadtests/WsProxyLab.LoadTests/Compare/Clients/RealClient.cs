namespace WsProxyLab.LoadTests.Compare.Clients;

/// <summary>The real WebSocket clients whose closes the lab checks through every target.</summary>
internal enum RealClient
{
    /// <summary>Debian's Chromium through Playwright, headless.</summary>
    Chromium,

    /// <summary>Websocket.Client 5.5 over .NET's ClientWebSocket.</summary>
    WebsocketClient,

    /// <summary>Node's <c>ws</c> from npm.</summary>
    NodeWs,
}

/// <summary>How the client reaches the target.</summary>
internal enum ClientTransport
{
    /// <summary><c>ws://</c>, HTTP/1.1.</summary>
    Ws,

    /// <summary><c>wss://</c> over HTTP/1.1.</summary>
    Wss,

    /// <summary><c>wss://</c> over HTTP/2 (RFC 8441 extended CONNECT).</summary>
    WssHttp2,
}

/// <summary>Who starts the close.</summary>
internal enum CloseSide
{
    /// <summary>The client closes with 4001 "client done" after its echo; the server's reply must carry 4001 back.</summary>
    Client,

    /// <summary><c>/ws/source?count=1</c> sends one message and closes with 1000 "sent 1 messages".</summary>
    Server,
}

/// <summary>What a session saw: the close code and reason the client got (for a client-started close, the server's reply), whether a message came, over which HTTP version.</summary>
internal sealed record ClientSession(int? Code, string Reason, bool Received, string? Protocol, string? Error)
{
    public static ClientSession Failed(string error) => new(null, string.Empty, false, null, error);
}
