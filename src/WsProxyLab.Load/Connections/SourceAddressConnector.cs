using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;

namespace WsProxyLab.Load.Connections;

/// <summary>
/// Opens WebSockets from several loopback source addresses in turn (127.0.0.2, 127.0.0.3, …), so connection counts are
/// not bounded by one address's ephemeral ports; TCP_NODELAY on, no client keep-alive frames, so idle tunnels stay idle.
/// </summary>
public sealed class SourceAddressConnector
{
    private readonly IPAddress?[] _sources;
    private readonly RemoteCertificateValidationCallback? _certificateValidation;
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
        _sources = sourceAddresses == 0 ? [null] : [.. Enumerable.Range(0, sourceAddresses).Select(index => IPAddress.Parse($"127.0.0.{index + 2}"))];
        _certificateValidation = certificateValidation;
    }

    /// <summary>
    /// Opens a WebSocket to a ws:// or wss:// <paramref name="uri"/> from the next source address; every failure to
    /// connect, secure or upgrade is a <see cref="WebSocketException"/> naming the target.
    /// </summary>
    public Task<WebSocket> ConnectAsync(Uri uri, CancellationToken cancellationToken) => ConnectAsync(uri, wrapStream: null, cancellationToken);

    /// <summary>As <see cref="ConnectAsync(Uri, CancellationToken)"/>; <paramref name="wrapStream"/> wraps the upgraded connection's stream before the WebSocket takes it.</summary>
    internal async Task<WebSocket> ConnectAsync(Uri uri, Func<Stream, Stream>? wrapStream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"'{uri}' is not a ws:// or wss:// address.", nameof(uri));
        }

        var source = _sources[(Interlocked.Increment(ref _next) & int.MaxValue) % _sources.Length];
        Stream? stream = null;
        try
        {
            stream = await ConnectFromAsync(source, new DnsEndPoint(uri.IdnHost, uri.Port), cancellationToken).ConfigureAwait(false);
            if (uri.Scheme == "wss")
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = uri.IdnHost,
                    RemoteCertificateValidationCallback = _certificateValidation,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                }, cancellationToken).ConfigureAwait(false);
            }

            return await WebSocketUpgrade.UpgradeAsync(stream, uri, wrapStream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or IOException or AuthenticationException)
        {
            stream?.Dispose();
            throw new WebSocketException(WebSocketError.Faulted, $"Unable to connect to {uri}: {exception.Message}", exception);
        }
        catch
        {
            stream?.Dispose();
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
}
