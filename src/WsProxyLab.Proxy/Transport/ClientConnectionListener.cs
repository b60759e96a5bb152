using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace WsProxyLab.Proxy.Transport;

/// <summary>Accepts TCP connections on one bound endpoint and starts a <see cref="ClientSocketConnection"/> for each.</summary>
internal sealed class ClientConnectionListener : IConnectionListener
{
    private readonly Socket _listenSocket;
    private readonly SocketTransportOptions _options;
    private readonly MemoryPool<byte> _memoryPool;

    private ClientConnectionListener(Socket listenSocket, SocketTransportOptions options, MemoryPool<byte> memoryPool)
    {
        _listenSocket = listenSocket;
        _options = options;
        _memoryPool = memoryPool;
        EndPoint = listenSocket.LocalEndPoint!;
    }

    /// <summary>The bound endpoint, with the port the OS chose when port 0 was asked for.</summary>
    public EndPoint EndPoint { get; }

    public static ClientConnectionListener Bind(EndPoint endpoint, SocketTransportOptions options, MemoryPool<byte> memoryPool)
    {
        Socket listenSocket;
        try
        {
            listenSocket = options.CreateBoundListenSocket(endpoint);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // Kestrel tells an address in use from other bind failures by this type.
            throw new AddressInUseException(exception.Message, exception);
        }

        listenSocket.Listen(options.Backlog);
        return new ClientConnectionListener(listenSocket, options, memoryPool);
    }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _listenSocket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.OperationAborted)
            {
                return null;
            }
            catch (SocketException)
            {
                // A client that reset before it was accepted; the listener carries on.
                continue;
            }

            accepted.NoDelay = _options.NoDelay;
            var connection = new ClientSocketConnection(accepted, _memoryPool, _options);
            connection.Start();
            return connection;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _listenSocket.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _listenSocket.Dispose();
        return ValueTask.CompletedTask;
    }
}
