using System.Net;
using System.Net.Security;
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

    // Well under one address's ~28k ephemeral ports, so a target's own TIME_WAIT sockets leave room.
    private const int ConnectionsPerAddress = 20_000;

    /// <summary>
    /// Connects from <paramref name="sourceAddresses"/> addresses, 127.0.0.2 upward; one ephemeral port range (~28k) each;
    /// 0 lets the system choose the address (a target that is not on loopback).
    /// <paramref name="certificateValidation"/> checks a wss:// target's certificate (a lab CA's); null trusts the system's CAs.
    /// </summary>
    public SourceAddressConnector(int sourceAddresses, RemoteCertificateValidationCallback? certificateValidation = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceAddresses);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sourceAddresses, MaxSourceAddresses);
        IPAddress?[] sources = sourceAddresses == 0 ? [null] : [.. Enumerable.Range(0, sourceAddresses).Select(index => IPAddress.Parse($"127.0.0.{index + 2}"))];
        _invokers = [.. sources.Select(source => new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = certificateValidation },
            ConnectCallback = (context, cancellationToken) => ConnectFromAsync(source, context.DnsEndPoint, cancellationToken),
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

    /// <summary>
    /// A connector for <paramref name="target"/>: spread over enough loopback addresses for <paramref name="connections"/>
    /// when the target is on loopback, from the system's choice of address otherwise.
    /// </summary>
    public static SourceAddressConnector For(Uri target, int connections, RemoteCertificateValidationCallback? certificateValidation = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var onLoopback = target.IsLoopback && (!IPAddress.TryParse(target.Host, out var address) || address.AddressFamily == AddressFamily.InterNetwork);
        return new SourceAddressConnector(onLoopback ? Math.Clamp((connections / ConnectionsPerAddress) + 1, 1, MaxSourceAddresses) : 0, certificateValidation);
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress? source, DnsEndPoint target, CancellationToken cancellationToken)
    {
        var socket = source is null
            ? new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }

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
