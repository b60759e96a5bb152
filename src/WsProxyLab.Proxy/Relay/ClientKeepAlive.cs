namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// Pings a client that has sent nothing for the keep-alive interval, and expires when no pong comes back within the
/// timeout (a client that vanished without a FIN, e.g. behind a NAT that dropped its mapping). A ping goes out only
/// between frames of the upstream-to-client direction and never after a close frame, so it cannot corrupt the stream in
/// either relay mode; when that direction is mid-frame the ping waits for the next interval. A missed pong ends the
/// tunnel through its <see cref="TunnelDeadlines"/>.
/// </summary>
internal sealed class ClientKeepAlive : IAsyncDisposable
{
    // FIN + ping, no payload; server-to-client frames are not masked.
    private static readonly byte[] Ping = [0x89, 0x00];

    private readonly Stream _client;
    private readonly RelayDirection _toClient;
    private readonly RelayDirection _fromClient;
    private readonly TimeSpan _interval;
    private readonly ITimer _timer;
    private readonly TunnelDeadlines _deadlines;
    private readonly Lock _lock = new();
    private long _clientBytesSeen;
    private long _pongsAtPing;
    private bool _awaitingPong;
    private bool _disposed;
    private Task _pinging = Task.CompletedTask;

    public ClientKeepAlive(
        Stream client, RelayDirection toClient, RelayDirection fromClient, TunnelDeadlines deadlines, TimeSpan interval, TimeSpan timeout, TimeProvider timeProvider)
    {
        _client = client;
        _deadlines = deadlines;
        _toClient = toClient;
        _fromClient = fromClient;
        _interval = interval;
        Timeout = timeout;
        _timer = timeProvider.CreateTimer(static state => ((ClientKeepAlive)state!).OnTimer(), this, interval, System.Threading.Timeout.InfiniteTimeSpan);
    }

    /// <summary>How long a pong may take.</summary>
    public TimeSpan Timeout { get; }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_awaitingPong)
            {
                if (_fromClient.Frames.Pongs == _pongsAtPing)
                {
                    _deadlines.Expire(TunnelEndReason.KeepAliveTimeout);
                    return;
                }

                _awaitingPong = false;
                _clientBytesSeen = _fromClient.Traffic.Bytes;
                _timer.Change(_interval, System.Threading.Timeout.InfiniteTimeSpan);
                return;
            }

            var clientBytes = _fromClient.Traffic.Bytes;
            if (clientBytes != _clientBytesSeen)
            {
                // The client spoke during the interval: it is alive, no ping needed.
                _clientBytesSeen = clientBytes;
                _timer.Change(_interval, System.Threading.Timeout.InfiniteTimeSpan);
                return;
            }

            _pinging = PingAsync();
        }
    }

    private async Task PingAsync()
    {
        var gate = _toClient.WriteGate!;
        if (!gate.Wait(0))
        {
            // A relayed write to the client is in progress (possibly stalled, which the send timeout handles).
            Rearm(_interval, awaitingPong: false);
            return;
        }

        try
        {
            if (!_toClient.Frames.AtBoundary || _toClient.Frames.CloseSeen)
            {
                Rearm(_interval, awaitingPong: false);
                return;
            }

            _pongsAtPing = _fromClient.Frames.Pongs;
            using var writeDeadline = new CancellationTokenSource(Timeout);
            await _client.WriteAsync(Ping, writeDeadline.Token).ConfigureAwait(false);
            await _client.FlushAsync(writeDeadline.Token).ConfigureAwait(false);
            Rearm(Timeout, awaitingPong: true);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The ping may be half written: nothing more may be injected, and a client that cannot take two bytes is gone.
            _toClient.Frames.Lose();
            _deadlines.Expire(TunnelEndReason.KeepAliveTimeout);
        }
        finally
        {
            gate.Release();
        }
    }

    private void Rearm(TimeSpan dueTime, bool awaitingPong)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _awaitingPong = awaitingPong;
                _timer.Change(dueTime, System.Threading.Timeout.InfiniteTimeSpan);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task pinging;
        lock (_lock)
        {
            _disposed = true;
            pinging = _pinging;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        await pinging.ConfigureAwait(false);
    }
}
