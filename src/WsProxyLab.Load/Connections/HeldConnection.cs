using System.Net.WebSockets;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Connections;

/// <summary>One WebSocket a <see cref="ConnectionPool"/> holds, with what its receive loop saw.</summary>
public sealed class HeldConnection
{
    private readonly WebSocketMetrics? _metrics;
    private readonly ClientFrameStream _frames;
    private readonly PingingStream? _pinger;

    internal HeldConnection(int index, WebSocket socket, ClientFrameStream frames, DateTimeOffset openedAt, TimeSpan handshakeTime, WebSocketMetrics? metrics)
    {
        _metrics = metrics;
        _frames = frames;
        _pinger = frames as PingingStream;
        Index = index;
        Socket = socket;
        OpenedAt = openedAt;
        HandshakeTime = handshakeTime;
    }

    /// <summary>Its number in the pool, from 0.</summary>
    public int Index { get; }

    /// <summary>
    /// The socket; the pool does the receiving. Sending with <see cref="SendAsync"/> counts the message; a message sent
    /// here in fragments must not overlap one sent with <see cref="SendAsync"/>, whose frame would land between them.
    /// </summary>
    public WebSocket Socket { get; }

    /// <summary>When its handshake completed.</summary>
    public DateTimeOffset OpenedAt { get; }

    /// <summary>How long its TCP connect, TLS and WebSocket handshake took (k6's <c>ws_connecting</c>).</summary>
    public TimeSpan HandshakeTime { get; }

    /// <summary>Messages it received.</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    /// <summary>How it ended: the close code the other side sent, 1006 for a connection lost without one; null while open.</summary>
    public int? CloseCode { get; internal set; }

    internal long _messagesReceived;

    /// <summary>Whether a ping sent by <see cref="PingAsync"/> is waiting for its pong.</summary>
    public bool PingInFlight => _pinger?.PingInFlight ?? false;

    /// <summary>
    /// Sends a protocol ping between the socket's frames and returns the time until its pong, recorded as <c>ws_ping</c>;
    /// one at a time per connection, on a pool opened with <see cref="ConnectionPoolOptions.Pings"/>.
    /// </summary>
    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken)
    {
        var pinger = _pinger ?? throw new InvalidOperationException("Pings need a pool opened with ConnectionPoolOptions.Pings set.");
        var roundTrip = await pinger.PingAsync(cancellationToken).ConfigureAwait(false);
        _metrics?.Ping(roundTrip);
        return roundTrip;
    }

    /// <summary>
    /// Sends one whole text or binary message as a single frame and counts it in the pool's <c>ws_msgs_sent</c>. The
    /// frame is written beside the WebSocket (see <see cref="ClientFrameStream"/>); as the WebSocket does, a send that
    /// fails or is cancelled part-way aborts the connection, since the frame boundary is lost.
    /// </summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        var opcode = ClientFrame.OpcodeOf(type);
        if (Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket is {Socket.State}; a message cannot be sent on it.");
        }

        // Cancelled before anything was written: the connection is still whole.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await _frames.WriteFrameAsync(opcode, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException)
        {
            Socket.Abort();
            if (exception is OperationCanceledException)
            {
                throw;
            }

            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"Sending on the WebSocket failed: {exception.Message}", exception);
        }

        _metrics?.MessageSent();
    }
}
