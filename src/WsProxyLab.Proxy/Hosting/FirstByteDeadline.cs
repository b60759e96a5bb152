using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using WsProxyLab.Proxy.Diagnostics;

namespace WsProxyLab.Proxy.Hosting;

/// <summary>
/// Ends a connection that sends nothing within the handshake timeout. Kestrel would wait its keep-alive timeout
/// (130 s) for a first byte, and on a TLS port the TLS handshake timeout starts only once a byte has come, so 2,000
/// silent TCP connections would hold 2,000 file descriptors for minutes. A plain port answers 408 with the reason, as
/// HAProxy does at <c>timeout http-request</c>; a TLS port, where no HTTP can be spoken yet, closes. A connection
/// middleware ahead of everything else: it waits for the first bytes and consumes nothing.
/// </summary>
internal static class FirstByteDeadline
{
    /// <summary>The middleware for every endpoint; <paramref name="isTlsPort"/> tells the ports that speak TLS first.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(TimeSpan timeout, Func<int, bool> isTlsPort, ProxyMetrics metrics, ILogger logger)
    {
        var answer = Answer(timeout);
        return next => async connection =>
        {
            if (await FirstBytesCameAsync(connection, timeout).ConfigureAwait(false))
            {
                await next(connection).ConfigureAwait(false);
                return;
            }

            var port = connection.LocalEndPoint is IPEndPoint local ? local.Port : 0;
            var tls = isTlsPort(port);
            metrics.Timeout(route: "", kind: "handshake");
            ProxyLog.SilentClientEnded(logger, connection.RemoteEndPoint?.ToString() ?? "unknown", timeout.TotalSeconds, port, tls ? "a close (TLS port)" : "408");
            if (!tls)
            {
                await connection.Transport.Output.WriteAsync(answer, connection.ConnectionClosed).ConfigureAwait(false);
            }

            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
        };
    }

    /// <summary>True once bytes (or the client's end of the stream) came within <paramref name="timeout"/>, false when nothing did.</summary>
    private static async Task<bool> FirstBytesCameAsync(ConnectionContext connection, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        deadline.CancelAfter(timeout);
        var input = connection.Transport.Input;
        try
        {
            var read = await input.ReadAsync(deadline.Token).ConfigureAwait(false);
            input.AdvanceTo(read.Buffer.Start);
            return true;
        }
        catch (OperationCanceledException)
        {
            // A client gone before the deadline is Kestrel's to see off as usual.
            return connection.ConnectionClosed.IsCancellationRequested;
        }
    }

    private static byte[] Answer(TimeSpan timeout)
    {
        var body = $"No request came within the proxy's handshake timeout of {timeout.TotalSeconds:0.###} s\n";
        return Encoding.ASCII.GetBytes(
            $"HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
    }
}
