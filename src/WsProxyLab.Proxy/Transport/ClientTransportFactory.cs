using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace WsProxyLab.Proxy.Transport;

/// <summary>
/// Kestrel's transport for the proxy's TCP listeners: Kestrel's socket transport in behaviour and options
/// (<see cref="SocketTransportOptions"/>), plus a client connection that an upgraded tunnel can take over
/// (<see cref="IClientSocketHandoffFeature"/>). Other endpoint kinds (Unix sockets, handles) stay with Kestrel's own.
/// </summary>
internal sealed class ClientTransportFactory(IOptions<SocketTransportOptions> options, IMemoryPoolFactory<byte> memoryPools)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly MemoryPool<byte> _memoryPool = memoryPools.Create(new MemoryPoolOptions { Owner = "wsproxy" });

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IConnectionListener>(ClientConnectionListener.Bind(endpoint, options.Value, _memoryPool));
}
