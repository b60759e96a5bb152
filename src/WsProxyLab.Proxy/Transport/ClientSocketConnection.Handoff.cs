namespace WsProxyLab.Proxy.Transport;

/// <summary>Hands the client socket of an upgraded request to the tunnel.</summary>
internal sealed partial class ClientSocketConnection
{
    private volatile bool _handoffRequested;
    private volatile bool _receiveHandedOff;
    private volatile bool _sendLoopEnded;
    private volatile TaskCompletionSource? _senderStopped;

    /// <summary>True once the receive loop has stopped for the takeover, leaving what follows in the socket.</summary>
    internal bool ReceiveHandedOff => _receiveHandedOff;

    public Stream? TryTakeOver()
    {
        // Under TLS (or any connection middleware that wraps the transport) the socket carries bytes Kestrel must still
        // transform, so the connection stays with Kestrel.
        if (_handoffRequested || !ReferenceEquals(Transport, _originalTransport))
        {
            return null;
        }

        var senderStopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _senderStopped = senderStopped;
        _handoffRequested = true;
        if (_sendLoopEnded)
        {
            senderStopped.TrySetResult();
        }

        // Wakes a send loop waiting for output; it sends what is queued (the 101) and stops.
        _application.Input.CancelPendingRead();
        return new HandedOffClientStream(this, _originalTransport.Input, new SocketStream(_socket, ownsSocket: false), senderStopped.Task);
    }
}
