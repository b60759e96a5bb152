using System.Net.Sockets;

namespace WsProxyLab.LoadTests.Compare.Faults;

/// <summary>Whether the peer ends a socket the lab is holding: everything it still sends is read and dropped until then.</summary>
internal static class SocketEnd
{
    /// <summary>True once the peer has closed or reset the socket; false when <paramref name="cancellationToken"/> came first.</summary>
    public static async Task<bool> EndedAsync(Socket socket, int bufferBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[bufferBytes];
        try
        {
            while (await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
