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
