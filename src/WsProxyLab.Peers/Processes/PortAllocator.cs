using System.Net;
using System.Net.Sockets;

namespace WsProxyLab.Peers.Processes;

/// <summary>Finds free TCP ports on 127.0.0.1 by letting the kernel pick one.</summary>
public static class PortAllocator
{
    /// <summary>A port that was free a moment ago; a child that loses the race fails to bind and is reported as such.</summary>
    public static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
