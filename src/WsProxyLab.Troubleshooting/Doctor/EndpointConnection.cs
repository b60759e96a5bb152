using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>
/// A TCP connection to the endpoint, with TLS for <c>wss://</c> and <c>https://</c>. The certificate is accepted whatever
/// it is, so that every other check still runs; what was wrong with it is kept for the certificate check to report.
/// </summary>
internal sealed class EndpointConnection : IAsyncDisposable
{
    private readonly Socket _socket;

    private EndpointConnection(Socket socket, Stream stream, TimeSpan connectTime)
    {
        _socket = socket;
        Stream = stream;
        ConnectTime = connectTime;
    }

    /// <summary>The stream to speak HTTP on: the socket's, or TLS over it.</summary>
    public Stream Stream { get; private set; }

    /// <summary>How long the TCP handshake took.</summary>
    public TimeSpan ConnectTime { get; }

    /// <summary>How long the TLS handshake took; null without TLS.</summary>
    public TimeSpan? TlsTime { get; private set; }

    /// <summary>The TLS session; null without TLS.</summary>
    public SslStream? Tls { get; private set; }

    /// <summary>The server's certificate; null without TLS.</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>What .NET found wrong with the certificate against the system's roots (name, chain).</summary>
    public SslPolicyErrors PolicyErrors { get; private set; }

    /// <summary>The chain's problems against the system's roots, one line each.</summary>
    public IReadOnlyList<string> ChainProblems { get; private set; } = [];

    public static bool IsSecure(Uri uri) => uri.Scheme is "wss" or "https";

    /// <summary>Connects to <paramref name="target"/>; TLS offers <paramref name="protocols"/> by ALPN.</summary>
    /// <exception cref="EndpointUnreachableException">No TCP connection within the step timeout.</exception>
    public static async Task<EndpointConnection> OpenAsync(Uri target, IReadOnlyList<SslApplicationProtocol> protocols, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var stopwatch = Stopwatch.StartNew();
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(target.IdnHost, target.Port, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                var why = exception is SocketException socketError
                    ? socketError.SocketErrorCode switch
                    {
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"cannot resolve host '{target.Host}'",
                        SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
                        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "no route to the host",
                        _ => socketError.Message,
                    }
                    : $"no answer to the TCP handshake within {timeout.TotalSeconds:0.#} s";
                throw new EndpointUnreachableException($"{target.Host}:{target.Port} is unreachable: {why}", exception);
            }
        }

        var connection = new EndpointConnection(socket, new NetworkStream(socket, ownsSocket: true), stopwatch.Elapsed);
        if (IsSecure(target))
        {
            await connection.StartTlsAsync(target, protocols, timeout, cancellationToken).ConfigureAwait(false);
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        Certificate?.Dispose();
    }

    private async Task StartTlsAsync(Uri target, IReadOnlyList<SslApplicationProtocol> protocols, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tls = new SslStream(Stream, leaveInnerStreamOpen: false);
        var stopwatch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = target.IdnHost,
            ApplicationProtocols = [.. protocols],
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                Certificate = certificate is null ? null : new X509Certificate2(certificate);
                PolicyErrors = errors;
                ChainProblems = chain is null ? [] : [.. chain.ChainStatus.Where(status => status.Status != X509ChainStatusFlags.NoError).Select(status => status.StatusInformation.Trim())];
                return true;
            },
        }, deadline.Token).ConfigureAwait(false);
        TlsTime = stopwatch.Elapsed;
        Tls = tls;
        Stream = tls;
    }
}
