using System.Net;
using System.Net.Sockets;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace WsProxyLab.Peers.Targets;

/// <summary>
/// Ready when the host can open a TCP connection to the port: needs no shell or tool inside the image. A container that
/// exited fails at once instead of waiting for the timeout.
/// </summary>
internal sealed class TcpPortWait(int port) : IWaitUntil
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    /// <summary>True once 127.0.0.1:<paramref name="listenPort"/> accepts a TCP connection, false if it does not within <paramref name="timeout"/>.</summary>
    public static async Task<bool> ListensAsync(int listenPort, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, listenPort, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    public async Task<bool> UntilAsync(IContainer container)
    {
        if (container.State is TestcontainersStates.Exited or TestcontainersStates.Dead)
        {
            throw new InvalidOperationException($"the container exited before it listened on 127.0.0.1:{port}");
        }

        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
