using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>TCP connect time; for TLS endpoints the protocol, cipher, ALPN and the certificate's chain, names and expiry.</summary>
internal static class TransportChecks
{
    public const string Group = "TCP and TLS";

    private static readonly SslApplicationProtocol[] OfferedProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    /// <summary>The checks, and whether the endpoint can be spoken to at all (a failed TLS handshake ends the run).</summary>
    public static async Task<(IReadOnlyList<DoctorCheck> Checks, bool Usable)> RunAsync(DoctorOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var target = options.Target;
        EndpointConnection connection;
        try
        {
            connection = await EndpointConnection.OpenAsync(target, OfferedProtocols, options.StepTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ([DoctorCheck.Fail(Group, "TLS", $"the TLS handshake failed: {exception.Message}",
                "the port does not speak TLS (is it a ws:// port?), or client and server share no protocol version or cipher",
                "use ws:// for a plain port; on nginx 'listen … ssl' with ssl_certificate and ssl_protocols TLSv1.2 TLSv1.3; on HAProxy 'bind … ssl crt FILE'")], false);
        }

        await using (connection.ConfigureAwait(false))
        {
            var checks = new List<DoctorCheck>
            {
                DoctorCheck.Pass(Group, "TCP connect", $"{target.Host}:{target.Port} in {Milliseconds(connection.ConnectTime)}"),
            };
            if (connection.Tls is { } tls)
            {
                var alpn = tls.NegotiatedApplicationProtocol == default ? "none chosen" : tls.NegotiatedApplicationProtocol.ToString();
                checks.Add(DoctorCheck.Pass(Group, "TLS", $"{Protocol(tls.SslProtocol)}, {tls.NegotiatedCipherSuite}, ALPN {alpn} (offered h2, http/1.1), handshake {Milliseconds(connection.TlsTime!.Value)}"));
                checks.AddRange(CertificateChecks(connection, options, time));
            }

            return (checks, true);
        }
    }

    private static IEnumerable<DoctorCheck> CertificateChecks(EndpointConnection connection, DoctorOptions options, TimeProvider time)
    {
        if (connection.Certificate is not { } certificate)
        {
            yield return DoctorCheck.Fail(Group, "Certificate", "the server sent no certificate", null, "configure a certificate on the TLS listener");
            yield break;
        }

        var subject = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var issuer = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: true);
        if (CertificateTrust.ChainTrusted(certificate, connection.PolicyErrors, options.TrustedRoots))
        {
            var by = (connection.PolicyErrors & SslPolicyErrors.RemoteCertificateChainErrors) == 0 ? "the system's roots" : "the --ca roots";
            yield return DoctorCheck.Pass(Group, "Certificate chain", $"'{subject}' issued by '{issuer}', trusted by {by}");
        }
        else
        {
            var problems = connection.ChainProblems.Count > 0 ? string.Join("; ", connection.ChainProblems) : "untrusted";
            yield return DoctorCheck.Fail(Group, "Certificate chain", $"'{subject}' issued by '{issuer}': {problems}",
                options.TrustedRoots is null ? "a self-signed or private CA, or intermediates missing from what the server sends" : "the chain ends in neither the system's roots nor the --ca file",
                "serve the full chain (nginx ssl_certificate with the intermediates appended; HAProxy's crt PEM holds certificate, intermediates and key), or pass --ca with your CA");
        }

        var names = Names(certificate);
        if ((connection.PolicyErrors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0)
        {
            yield return DoctorCheck.Pass(Group, "Certificate name", $"'{options.Target.Host}' is among {string.Join(", ", names)}");
        }
        else
        {
            yield return DoctorCheck.Fail(Group, "Certificate name", $"'{options.Target.Host}' is not among the certificate's names: {string.Join(", ", names)}",
                "the certificate was made for another host name, or clients use an address it does not list", "issue a certificate whose subjectAltName lists the name clients connect to");
        }

        var left = certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime;
        var until = certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (left < TimeSpan.Zero)
        {
            yield return DoctorCheck.Fail(Group, "Certificate expiry", $"expired on {until}", null, "renew the certificate and reload the proxy");
        }
        else if (left < TimeSpan.FromDays(14))
        {
            yield return DoctorCheck.Warn(Group, "Certificate expiry", $"{left.TotalDays:0} days left (until {until})", "expires within two weeks", "renew it now (certbot renew, then nginx -s reload or a HAProxy reload)");
        }
        else
        {
            yield return DoctorCheck.Pass(Group, "Certificate expiry", $"{left.TotalDays:0} days left (until {until})");
        }
    }

    private static List<string> Names(X509Certificate2 certificate)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        List<string> names = san is null ? [] : [.. san.EnumerateDnsNames(), .. san.EnumerateIPAddresses().Select(address => address.ToString())];
        return names.Count > 0 ? names : [$"CN={certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)} (no subjectAltName)"];
    }

    private static string Protocol(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS 1.3",
        SslProtocols.Tls12 => "TLS 1.2",
        var other => other.ToString(),
    };

    internal static string Milliseconds(TimeSpan value) => $"{value.TotalMilliseconds:0.0} ms";
}
