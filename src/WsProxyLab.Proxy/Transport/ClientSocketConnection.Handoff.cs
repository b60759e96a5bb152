namespace WsProxyLab.Proxy.Transport;

/// <summary>Hands the client socket of an upgraded request to the tunnel.</summary>
internal sealed partial class ClientSocketConnection
{
    private volatile bool _handoffRequested;

    public Stream? TryTakeOver()
    {
        // Under TLS (or any connection middleware that wraps the transport) the socket carries bytes Kestrel must still
        // transform, so the connection stays with Kestrel.
        if (_handoffRequested || !ReferenceEquals(Transport, _originalTransport))
        {
            return null;
        }

        _handoffRequested = true;
        // Wakes a send loop waiting for output; it sends what is queued (the 101) and ends, which the tunnel's first
        // write waits for.
        _application.Input.CancelPendingRead();
        return new HandedOffClientStream(_originalTransport.Input, new SocketStream(_socket, ownsSocket: false), _sending);
    }
}
