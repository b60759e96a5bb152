namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>The server's answer to an Upgrade request: status, headers, the start of a body, and what arrived after a 101's head.</summary>
internal sealed record HandshakeResponse(
    int Status, string StatusLine, ILookup<string, string> Headers, string Body, TimeSpan Elapsed, bool AcceptValid, byte[] AfterHead)
{
    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => Headers[name].FirstOrDefault();

    /// <summary>True for a 101 with <c>Upgrade: websocket</c>, <c>Connection: Upgrade</c> and the right <c>Sec-WebSocket-Accept</c>.</summary>
    public bool IsWebSocket =>
        Status == 101 && AcceptValid
        && string.Equals(Header("Upgrade"), "websocket", StringComparison.OrdinalIgnoreCase)
        && Headers["Connection"].SelectMany(value => value.Split(',')).Any(token => token.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase));
}
