using System.Net.WebSockets;

namespace WsProxyLab.Backends.WebSockets;

/// <summary>
/// One accepted WebSocket. Sends are serialised through it, so an endpoint's own sends and a shutdown's
/// close frame never overlap (a <see cref="WebSocket"/> allows one send at a time).
/// </summary>
public sealed class WebSocketSession : IAsyncDisposable
{
    // Never disposed: a shutdown may still be closing the session while it ends, and a SemaphoreSlim without a wait
    // handle holds nothing that needs disposing.
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<WebSocketSession> _onDisposed;
    private bool _closeSent;

    internal WebSocketSession(long id, WebSocket socket, string endpoint, Action<WebSocketSession> onDisposed)
    {
        Id = id;
        Socket = socket;
        Endpoint = endpoint;
        _onDisposed = onDisposed;
    }

    /// <summary>Process-unique session number.</summary>
    public long Id { get; }

    /// <summary>The underlying socket; receive from it directly (one receive at a time), send through this session.</summary>
    public WebSocket Socket { get; }

    /// <summary>The endpoint path that accepted the session.</summary>
    public string Endpoint { get; }

    /// <summary>Completes when the session has been disposed.</summary>
    public Task Completion => _completed.Task;

    /// <summary>Sends one message, unless a close frame was already sent.</summary>
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closeSent || Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                return false;
            }

            await Socket.SendAsync(message, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame once; later calls do nothing. Errors of a socket already gone are swallowed: the peer is not there to tell.</summary>
    public async Task CloseOutputAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closeSent || Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                return;
            }

            _closeSent = true;
            await Socket.CloseOutputAsync(status, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            Socket.Abort();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame and waits (receiving and discarding) for the peer's close, aborting after <paramref name="timeout"/>.</summary>
    public async Task CloseAndDrainAsync(WebSocketCloseStatus status, string reason, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await CloseOutputAsync(status, reason, cancellationToken).ConfigureAwait(false);
        await WaitForPeerCloseAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After a close frame went out, reads until the peer's close arrives, so the connection ends cleanly instead of with
    /// a reset that could destroy the close frame before the peer reads it; aborts after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForPeerCloseAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var scratch = new byte[256];
        try
        {
            while (Socket.State == WebSocketState.CloseSent)
            {
                var result = await Socket.ReceiveAsync(scratch.AsMemory(), deadline.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
        {
            Socket.Abort();
        }
    }

    /// <summary>Answers the peer's close (the close handshake's second half) with the status it sent.</summary>
    public Task AcknowledgeCloseAsync(CancellationToken cancellationToken) =>
        CloseOutputAsync(Socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, Socket.CloseStatusDescription ?? string.Empty, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Socket.State != WebSocketState.Closed)
        {
            Socket.Abort();
        }

        Socket.Dispose();
        _onDisposed(this);
        _completed.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
