using System.Net.Sockets;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>Opens TCP connections to upstreams with <c>TCP_NODELAY</c> and a connect timeout.</summary>
internal static class UpstreamConnector
{
    /// <summary>Connects to <paramref name="address"/>; a timeout is reported as <see cref="TimeoutException"/>.</summary>
    public static async Task<Socket> ConnectAsync(Uri address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, deadline.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connect to {address.Authority} timed out after {timeout.TotalMilliseconds:0} ms");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
