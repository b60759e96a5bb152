using WsProxyLab.Load.Connections;
using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace WsProxyLab.Bench;

/// <summary>A set of open WebSockets through one target, opened with bounded concurrency; failures are counted, never hidden.</summary>
internal sealed class TunnelPool : IAsyncDisposable
{
    private readonly ConcurrentBag<WebSocket> _sockets = [];
    private readonly ConcurrentDictionary<string, int> _failures = new();

    public IReadOnlyCollection<WebSocket> Sockets => _sockets;

    public int Failed => _failures.Values.Sum();

    /// <summary>The distinct failure messages with their counts.</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    public static async Task<TunnelPool> OpenAsync(SourceAddressConnector connector, Uri uri, int count, int concurrency, CancellationToken cancellationToken)
    {
        var pool = new TunnelPool();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (_, token) =>
        {
            try
            {
                pool._sockets.Add(await connector.ConnectAsync(uri, token).ConfigureAwait(false));
            }
            catch (Exception exception) when (exception is WebSocketException or IOException)
            {
                pool.RecordFailure(exception);
            }
        }).ConfigureAwait(false);
        return pool;
    }

    /// <summary>Sends one small message on every socket and waits for its echo: proves each tunnel is still alive end to end.</summary>
    public async Task<int> VerifyAliveAsync(int concurrency, CancellationToken cancellationToken)
    {
        var alive = 0;
        await Parallel.ForEachAsync(_sockets, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (socket, token) =>
        {
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
                deadline.CancelAfter(TimeSpan.FromSeconds(10));
                await socket.SendAsync("alive?"u8.ToArray(), WebSocketMessageType.Binary, endOfMessage: true, deadline.Token).ConfigureAwait(false);
                var buffer = new byte[64];
                var result = await socket.ReceiveAsync(buffer, deadline.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Binary && result.Count == 6)
                {
                    Interlocked.Increment(ref alive);
                }
                else
                {
                    RecordUnexpected(result);
                }
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
            {
                RecordFailure(exception);
            }
        }).ConfigureAwait(false);
        return alive;

        void RecordUnexpected(WebSocketReceiveResult result) =>
            _failures.AddOrUpdate($"unexpected {result.MessageType} of {result.Count} bytes (close {result.CloseStatus} {result.CloseStatusDescription})", 1, (_, n) => n + 1);
    }

    private void RecordFailure(Exception exception) =>
        _failures.AddOrUpdate($"{exception.GetType().Name}: {exception.Message}", 1, (_, n) => n + 1);

    public ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            // Abort: a close handshake per socket would measure the close path, not free the target.
            socket.Abort();
            socket.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
