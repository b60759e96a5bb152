using System.Net.Sockets;
using System.Text;

namespace WsProxyLab.LoadTests.Compare.Faults;

/// <summary>A WebSocket handshake on a bare socket, for clients that then misbehave in ways ClientWebSocket cannot (never read).</summary>
internal static class RawUpgrade
{
    /// <summary>Connects, upgrades <paramref name="pathAndQuery"/> and returns the socket after the 101; throws when the answer is not 101.</summary>
    public static async Task<Socket> OpenAsync(Uri target, string pathAndQuery, int receiveBufferBytes, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = receiveBufferBytes };
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, cancellationToken).ConfigureAwait(false);
            var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                $"Sec-WebSocket-Key: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), cancellationToken).ConfigureAwait(false);
            // Read the head one byte at a time: nothing after it may be taken off the socket.
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await socket.ReceiveAsync(one, cancellationToken).ConfigureAwait(false) == 0 || head.Length > 16 * 1024)
                {
                    throw new IOException($"the handshake ended after {head.Length} bytes: {FirstLine(head)}");
                }

                head.Append((char)one[0]);
            }

            if (!FirstLine(head).Contains(" 101 ", StringComparison.Ordinal))
            {
                throw new IOException($"the handshake was refused: {FirstLine(head)}");
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string FirstLine(StringBuilder head) => head.ToString().Split("\r\n")[0];
}
