namespace WsProxyLab.Proxy.Transport;

/// <summary>
/// Lets an upgraded HTTP/1.1 request take the client connection over from Kestrel: the tunnel then reads and writes the
/// socket itself, without Kestrel's pipes and request and response streams between it and the client.
/// </summary>
internal interface IClientSocketHandoffFeature
{
    /// <summary>
    /// Returns the connection as a stream that first yields the bytes Kestrel had already received and then reads the
    /// socket; writes wait until Kestrel's last output (the 101) is on the wire. Null when the connection cannot be taken
    /// over (TLS or another layer sits on the transport, or it was taken over already).
    /// </summary>
    Stream? TryTakeOver();
}
