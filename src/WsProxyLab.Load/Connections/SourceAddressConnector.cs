using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace WsProxyLab.Load.Connections;

/// <summary>
/// Opens WebSockets from several loopback source addresses in turn (127.0.0.2, 127.0.0.3, …), so connection counts are
/// not bounded by one address's ephemeral ports; TCP_NODELAY on, no client keep-alive frames, so idle tunnels stay idle.
/// </summary>
public sealed class SourceAddressConnector : IDisposable
{
    private readonly HttpMessageInvoker[] _invokers;
    private int _next;

    /// <summary>The most source addresses (127.0.0.2 … 127.0.0.201).</summary>
    public const int MaxSourceAddresses = 200;

    /// <summary>Connects from <paramref name="sourceAddresses"/> addresses, 127.0.0.2 upward; one ephemeral port range (~28k) each.</summary>
    public SourceAddressConnector(int sourceAddresses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceAddresses, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sourceAddresses, MaxSourceAddresses);
        _invokers = [.. Enumerable.Range(0, sourceAddresses).Select(index => new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = (context, cancellationToken) => ConnectFromAsync(IPAddress.Parse($"127.0.0.{index + 2}"), context.DnsEndPoint, cancellationToken),
        }))];
    }

    /// <summary>Opens a WebSocket from the next source address.</summary>
    public async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var invoker = _invokers[(Interlocked.Increment(ref _next) & int.MaxValue) % _invokers.Length];
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(uri, invoker, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress source, DnsEndPoint target, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }
    }
}
