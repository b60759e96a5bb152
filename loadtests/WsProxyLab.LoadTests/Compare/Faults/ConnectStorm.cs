using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace WsProxyLab.LoadTests.Compare.Faults;

/// <summary>What a storm did: handshakes that succeeded and failed, and how long the burst took.</summary>
internal sealed record StormResult(int Succeeded, int Failed, TimeSpan Took, int ClosedByTarget);

/// <summary>
/// Connection storms beside the held load: <see cref="HandshakesAsync"/> opens thousands of WebSockets in one burst,
/// <see cref="SilentAsync"/> thousands of TCP connections that never send a byte (a slowloris without even the head).
/// </summary>
internal static class ConnectStorm
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(20);

    public static async Task<StormResult> HandshakesAsync(Uri target, int count, System.Net.Security.RemoteCertificateValidationCallback validation, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var sockets = new ClientWebSocket[count];
        var outcomes = await Task.WhenAll(Enumerable.Range(0, count).Select(async index =>
        {
            var socket = sockets[index] = new ClientWebSocket { Options = { KeepAliveInterval = TimeSpan.Zero, RemoteCertificateValidationCallback = validation } };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(HandshakeTimeout);
            try
            {
                await socket.ConnectAsync(target, timeout.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        })).ConfigureAwait(false);
        var took = clock.Elapsed;
        await Task.WhenAll(sockets.Select(CloseQuietlyAsync)).ConfigureAwait(false);
        return new StormResult(outcomes.Count(ok => ok), outcomes.Count(ok => !ok), took, 0);
    }

    /// <summary>Opens <paramref name="count"/> silent connections and holds them for <paramref name="holdFor"/>; counts those the target ended.</summary>
    public static async Task<StormResult> SilentAsync(Uri target, int count, TimeSpan holdFor, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var sockets = new List<Socket>(count);
        var failed = 0;
        try
        {
            for (var index = 0; index < count; index++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(target.Host, target.Port, cancellationToken).ConfigureAwait(false);
                    sockets.Add(socket);
                }
                catch (SocketException)
                {
                    socket.Dispose();
                    failed++;
                }
            }

            var took = clock.Elapsed;
            using var hold = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            hold.CancelAfter(holdFor);
            var ended = await Task.WhenAll(sockets.Select(socket => SocketEnd.EndedAsync(socket, 4096, hold.Token))).ConfigureAwait(false);
            return new StormResult(sockets.Count, failed, took, ended.Count(end => end));
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "storm over", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The target dropped it first: nothing to close.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
