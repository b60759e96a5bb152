using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WsProxyLab.Proxy.Tls;

/// <summary>
/// A self-signed lab CA and a server certificate it signs (for localhost, 127.0.0.1 and ::1), written as PEM files, so
/// tests and the AppHost run <c>wss://</c> with no manual step: <c>WsProxyLab.Proxy certs --out DIR</c>.
/// </summary>
public static class LabCertificates
{
    /// <summary>The files written by <see cref="Create"/>.</summary>
    public sealed record Files(string CaCertificate, string ServerCertificate, string ServerKey);

    /// <summary>Writes <c>ca.pem</c>, <c>server.pem</c> and <c>server.key</c> into <paramref name="directory"/>.</summary>
    public static Files Create(string directory, string serverName = "localhost")
    {
        Directory.CreateDirectory(directory);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=WsProxyLab Lab CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var ca = caRequest.CreateSelfSigned(notBefore, notBefore.AddYears(5));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={serverName}", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(serverName);
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, notBefore, notBefore.AddYears(1), RandomNumberGenerator.GetBytes(16));

        var files = new Files(Path.Combine(directory, "ca.pem"), Path.Combine(directory, "server.pem"), Path.Combine(directory, "server.key"));
        File.WriteAllText(files.CaCertificate, ca.ExportCertificatePem());
        File.WriteAllText(files.ServerKey, serverKey.ExportPkcs8PrivateKeyPem());
        // Written last: the proxy's watcher reloads on the certificate file once the key is already in place.
        File.WriteAllText(files.ServerCertificate, server.ExportCertificatePem());
        return files;
    }
}
