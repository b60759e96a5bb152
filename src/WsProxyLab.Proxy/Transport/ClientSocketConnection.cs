using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace WsProxyLab.Proxy.Transport;

/// <summary>
/// One accepted client connection, shaped like Kestrel's socket connection: a receive loop fills the input pipe
/// (waiting with a zero-byte read so an idle connection holds no buffer) and a send loop drains the output pipe. When an
/// upgraded request takes the connection over, both loops stop at a safe point and the tunnel owns the socket.
/// </summary>
internal sealed partial class ClientSocketConnection : ConnectionContext,
    IConnectionIdFeature, IConnectionTransportFeature, IConnectionItemsFeature, IConnectionLifetimeFeature,
    IConnectionEndPointFeature, IMemoryPoolFeature, IConnectionSocketFeature, IClientSocketHandoffFeature
{
    private const int MinReceiveBufferBytes = 2048;
    private static readonly Type[] OwnFeatures =
    [
        typeof(IConnectionIdFeature), typeof(IConnectionTransportFeature), typeof(IConnectionItemsFeature), typeof(IConnectionLifetimeFeature),
        typeof(IConnectionEndPointFeature), typeof(IMemoryPoolFeature), typeof(IConnectionSocketFeature), typeof(IClientSocketHandoffFeature),
    ];

    private static long _lastConnectionId;

    private readonly Socket _socket;
    private readonly DuplexPipe _application;
    private readonly DuplexPipe _originalTransport;
    private readonly CancellationTokenSource _closed = new();
    private readonly ConnectionFeatureCollection _features;
    private string? _connectionId;
    private IDictionary<object, object?>? _items;
    private volatile ConnectionAbortedException? _abortReason;
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;

    public ClientSocketConnection(Socket socket, MemoryPool<byte> memoryPool, SocketTransportOptions options)
    {
        _socket = socket;
        // Sends are tried at once and awaited only when the kernel's buffer is full (see NonBlockingSend).
        _socket.Blocking = false;
        MemoryPool = memoryPool;
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
        ConnectionClosed = _closed.Token;

        var scheduler = options.UnsafePreferInlineScheduling ? PipeScheduler.Inline : PipeScheduler.ThreadPool;
        var input = new Pipe(new PipeOptions(memoryPool, scheduler, scheduler, options.MaxReadBufferSize ?? 0, (options.MaxReadBufferSize ?? 0) / 2, useSynchronizationContext: false));
        var output = new Pipe(new PipeOptions(memoryPool, scheduler, scheduler, options.MaxWriteBufferSize ?? 0, (options.MaxWriteBufferSize ?? 0) / 2, useSynchronizationContext: false));
        _originalTransport = new DuplexPipe(input.Reader, output.Writer);
        _application = new DuplexPipe(output.Reader, input.Writer);
        Transport = _originalTransport;

        _features = new ConnectionFeatureCollection(this, OwnFeatures);
    }

    public override string ConnectionId
    {
        get => _connectionId ??= Interlocked.Increment(ref _lastConnectionId).ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        set => _connectionId = value;
    }

    public override IFeatureCollection Features => _features;

    public override IDictionary<object, object?> Items
    {
        get => _items ??= new ConnectionItems();
        set => _items = value;
    }

    public override IDuplexPipe Transport { get; set; }

    public MemoryPool<byte> MemoryPool { get; }

    public Socket Socket => _socket;

    /// <summary>Starts the receive and send loops; Kestrel's connection delegate runs meanwhile.</summary>
    public void Start()
    {
        _receiving = ReceiveLoopAsync();
        _sending = SendLoopAsync();
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _abortReason ??= abortReason;
        // Closing the socket ends both loops (and a tunnel's reads and writes) with an error.
        CloseSocket();
    }

    public override async ValueTask DisposeAsync()
    {
        _originalTransport.Input.Complete();
        _originalTransport.Output.Complete();
        // A taken-over connection has no send loop left to close the socket when Kestrel's output completes.
        CloseSocket();
        await _receiving.ConfigureAwait(false);
        await _sending.ConfigureAwait(false);
        await _closed.CancelAsync().ConfigureAwait(false);
        _closed.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void CloseSocket()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already reset or closed: disposing is all that is left.
        }

        _socket.Dispose();
    }

    /// <summary>Cancels the connection-closed token off the loop's thread, as Kestrel's transport does, so its callbacks cannot stall a loop.</summary>
    private void FireConnectionClosed()
    {
        if (!_closed.IsCancellationRequested)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static closed =>
            {
                try
                {
                    closed.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // Disposed by DisposeAsync after a concurrent cancel: nothing is waiting on it any more.
                }
            }, _closed, preferLocal: false);
        }
    }
}
