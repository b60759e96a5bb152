using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using WsProxyLab.Proxy.Diagnostics;

namespace WsProxyLab.Proxy.Tls;

/// <summary>
/// Answers a TLS listener's clients whose first byte is not a TLS handshake record, where Kestrel would close without a
/// word: plain HTTP gets nginx's answer (400, "The plain HTTP request was sent to HTTPS port"), anything else a TLS
/// <c>unexpected_message</c> alert. A connection middleware ahead of TLS: it peeks at the first byte and consumes nothing.
/// </summary>
internal static class PlainBytesOnTlsPort
{
    private const byte HandshakeRecord = 0x16;

    private static readonly byte[] PlainHttpAnswer = Answer("The plain HTTP request was sent to HTTPS port\n");

    // A fatal unexpected_message alert in a TLS 1.2 record: content type 21, version 3.3, length 2, level 2, description 10.
    private static readonly byte[] UnexpectedMessageAlert = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a];

    /// <summary>The middleware for every endpoint; it acts on the ports <paramref name="isTlsPort"/> names and passes the others through.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(Func<int, bool> isTlsPort, ILogger logger) => next => async connection =>
    {
        if (connection.LocalEndPoint is not IPEndPoint { Port: var port } || !isTlsPort(port))
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        var input = connection.Transport.Input;
        var read = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
        var first = read.Buffer.IsEmpty ? HandshakeRecord : read.Buffer.FirstSpan[0];
        input.AdvanceTo(read.Buffer.Start);
        if (first == HandshakeRecord)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        var plainHttp = first is >= (byte)'A' and <= (byte)'Z';
        var client = connection.RemoteEndPoint is { } remote ? remote.ToString() ?? "?" : "?";
        ProxyLog.NotTlsOnTlsPort(logger, client, port, first, plainHttp ? "400 (plain HTTP)" : "a TLS unexpected_message alert");
        await connection.Transport.Output.WriteAsync(plainHttp ? PlainHttpAnswer : UnexpectedMessageAlert, connection.ConnectionClosed).ConfigureAwait(false);
        await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
    };

    private static byte[] Answer(string body) => Encoding.ASCII.GetBytes(
        $"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
}
