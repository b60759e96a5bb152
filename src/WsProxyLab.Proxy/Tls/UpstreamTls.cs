using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Tls;

/// <summary>Opens TLS to <c>https://</c> upstreams, validating their certificates against the system or the configured CA.</summary>
internal sealed class UpstreamTls : IDisposable
{
    private readonly X509Certificate2? _ca;

    public UpstreamTls(IOptions<ProxyOptions> options)
    {
        if (options.Value.UpstreamTls.CaPath is { } caPath)
        {
            _ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPath));
        }
    }

    /// <summary>The validation every upstream TLS connection (tunnels and plain HTTP) uses.</summary>
    public RemoteCertificateValidationCallback? Validation => _ca is null ? null : ValidateAgainstCa;

    /// <summary>Wraps <paramref name="connection"/> in TLS to <paramref name="destination"/>'s host; throws <see cref="System.Security.Authentication.AuthenticationException"/> on a bad certificate.</summary>
    public async Task<Stream> AuthenticateAsync(Stream connection, Uri destination, CancellationToken cancellationToken)
    {
        var tls = new SslStream(connection, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = destination.IdnHost,
                RemoteCertificateValidationCallback = Validation,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private bool ValidateAgainstCa(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var server = new X509Certificate2(certificate);
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_ca!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(server);
    }

    public void Dispose() => _ca?.Dispose();
}
