using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Connections;

/// <summary>
/// Holds many long-lived WebSockets: opened with bounded concurrency and an optional ramp, spread over source addresses,
/// each watched by one receive loop that waits with a zero-byte read and rents a pooled buffer only while a message is
/// arriving, so an idle connection holds no buffer, thread or timer. Drops and close codes are counted, never healed.
/// </summary>
public sealed class ConnectionPool : IAsyncDisposable
{
    /// <summary>The close code counted for a connection lost without a close frame.</summary>
    public const int AbnormalClosure = 1006;

    private const int ReceiveBufferSize = 16 * 1024;

    private readonly ConcurrentDictionary<int, HeldConnection> _connections = new();
    private readonly ConcurrentDictionary<string, int> _connectFailures = new();
    private readonly ConcurrentDictionary<int, long> _closeCodes = new();
    private readonly List<Task> _receivers = [];
    private readonly Lock _receiversLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Action<HeldConnection, ReadOnlyMemory<byte>, bool>? _onMessage;
    private readonly Action<HeldConnection>? _onClosed;
    private readonly TimeProvider _timeProvider;
    private readonly WebSocketMetrics? _metrics;
    private HeldConnection[] _ring = [];
    private int _cursor = -1;
    private int _disposed;

    private ConnectionPool(Action<HeldConnection, ReadOnlyMemory<byte>, bool>? onMessage, Action<HeldConnection>? onClosed, TimeProvider timeProvider, WebSocketMetrics? metrics)
    {
        _metrics = metrics;
        _onMessage = onMessage;
        _onClosed = onClosed;
        _timeProvider = timeProvider;
    }

    /// <summary>The connections that opened (ended ones included, with their <see cref="HeldConnection.CloseCode"/>).</summary>
    public IReadOnlyCollection<HeldConnection> Connections => [.. _connections.Values.OrderBy(connection => connection.Index)];

    /// <summary>How many are open now.</summary>
    public int Open => _connections.Values.Count(connection => connection.CloseCode is null);

    /// <summary>Handshakes that failed, by message.</summary>
    public IReadOnlyDictionary<string, int> ConnectFailures => _connectFailures;

    /// <summary>Connections that ended while held, by the close code received (1006: lost without a close frame).</summary>
    public IReadOnlyDictionary<int, long> CloseCodes => _closeCodes;

    /// <summary>
    /// Opens <see cref="ConnectionPoolOptions.Count"/> connections to <paramref name="uri"/>; <paramref name="onMessage"/>
    /// sees every received frame's bytes (the buffer is reused afterwards) and whether it ends its message, and
    /// <paramref name="onClosed"/> each connection that ends while held, once its <see cref="HeldConnection.CloseCode"/> is set.
    /// <paramref name="metrics"/> (a scenario's <c>context.WebSockets</c>) counts each session, its handshake, its
    /// duration (to its end, or to the pool's disposal) and its messages.
    /// </summary>
    public static async Task<ConnectionPool> OpenAsync(
        SourceAddressConnector connector, Uri uri, ConnectionPoolOptions options, Action<HeldConnection, ReadOnlyMemory<byte>, bool>? onMessage = null,
        Action<HeldConnection>? onClosed = null, TimeProvider? timeProvider = null, WebSocketMetrics? metrics = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var pool = new ConnectionPool(onMessage, onClosed, timeProvider ?? TimeProvider.System, metrics);
        var clock = pool._timeProvider.GetTimestamp();
        await Parallel.ForAsync(0, options.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken }, async (index, token) =>
        {
            if (options.RampPerSecond is { } rate)
            {
                // Connection N may start N/rate seconds into the ramp.
                var due = TimeSpan.FromSeconds(index / (double)rate) - pool._timeProvider.GetElapsedTime(clock);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, pool._timeProvider, token).ConfigureAwait(false);
                }
            }

            try
            {
                var started = pool._timeProvider.GetTimestamp();
                ClientFrameStream? frames = null;
                var socket = await connector.ConnectAsync(uri, stream => frames = options.Pings ? new PingingStream(stream) : new ClientFrameStream(stream), token)
                    .ConfigureAwait(false);
                pool.Hold(new HeldConnection(index, socket, frames!, pool._timeProvider.GetUtcNow(), pool._timeProvider.GetElapsedTime(started), pool._metrics));
            }
            catch (Exception exception) when (exception is WebSocketException or IOException)
            {
                pool._connectFailures.AddOrUpdate($"{exception.GetType().Name}: {exception.Message}", 1, (_, count) => count + 1);
            }
        }).ConfigureAwait(false);
        pool._ring = [.. pool._connections.Values.OrderBy(connection => connection.Index)];
        return pool;
    }

    /// <summary>
    /// The next open connection in turn that <paramref name="accept"/> takes (all open ones when null); null when none
    /// does. Spreads sends over the pool without a lock.
    /// </summary>
    public HeldConnection? NextOpen(Func<HeldConnection, bool>? accept = null)
    {
        var ring = _ring;
        for (var tried = 0; tried < ring.Length; tried++)
        {
            var connection = ring[(int)((uint)Interlocked.Increment(ref _cursor) % (uint)ring.Length)];
            if (connection.CloseCode is null && (accept is null || accept(connection)))
            {
                return connection;
            }
        }

        return null;
    }

    private void Hold(HeldConnection connection)
    {
        _connections[connection.Index] = connection;
        _metrics?.SessionStarted(connection.HandshakeTime);
        lock (_receiversLock)
        {
            _receivers.Add(ReceiveAsync(connection, _stopping.Token));
        }
    }

    private async Task ReceiveAsync(HeldConnection connection, CancellationToken cancellationToken)
    {
        var socket = connection.Socket;
        try
        {
            while (true)
            {
                // Waits for data without a buffer: thousands of idle connections hold none.
                var waited = await socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                if (waited.MessageType == WebSocketMessageType.Close)
                {
                    // A close frame carries no data for the caller: the zero-byte read already took it.
                    End(connection, (int?)socket.CloseStatus ?? AbnormalClosure);
                    return;
                }

                if (waited.EndOfMessage)
                {
                    // An empty final frame: the zero-byte read took all of it, and a message may end with it.
                    Delivered(connection, ReadOnlyMemory<byte>.Empty, endOfMessage: true);
                    continue;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
                try
                {
                    var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        End(connection, (int?)socket.CloseStatus ?? AbnormalClosure);
                        return;
                    }

                    Delivered(connection, buffer.AsMemory(0, result.Count), result.EndOfMessage);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The pool is being disposed: not a drop.
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                End(connection, AbnormalClosure);
            }
        }
    }

    private void Delivered(HeldConnection connection, ReadOnlyMemory<byte> frame, bool endOfMessage)
    {
        if (endOfMessage)
        {
            Interlocked.Increment(ref connection._messagesReceived);
            _metrics?.MessageReceived();
        }

        _onMessage?.Invoke(connection, frame, endOfMessage);
    }

    private void End(HeldConnection connection, int closeCode)
    {
        connection.CloseCode = closeCode;
        _metrics?.SessionEnded(_timeProvider.GetUtcNow() - connection.OpenedAt);
        _closeCodes.AddOrUpdate(closeCode, 1, (_, count) => count + 1);
        _onClosed?.Invoke(connection);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] receivers;
        lock (_receiversLock)
        {
            receivers = [.. _receivers];
        }

        foreach (var connection in _connections.Values)
        {
            // Abort: a close handshake per socket would measure the close path, not free the target.
            connection.Socket.Abort();
        }

        await Task.WhenAll(receivers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var now = _timeProvider.GetUtcNow();
        foreach (var connection in _connections.Values)
        {
            if (connection.CloseCode is null)
            {
                _metrics?.SessionEnded(now - connection.OpenedAt);
            }

            connection.Socket.Dispose();
        }

        _stopping.Dispose();
    }
}
