using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>Whether a server certificate's chain ends in a trusted root: the system's, or one given with <c>--ca</c>.</summary>
internal static class CertificateTrust
{
    /// <summary>True when the chain is trusted; <paramref name="errors"/> is what .NET found against the system's roots.</summary>
    public static bool ChainTrusted(X509Certificate2 certificate, SslPolicyErrors errors, X509Certificate2Collection? roots)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0)
        {
            return true;
        }

        if (roots is null || roots.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>A validation callback for HTTP clients: a trusted chain and a matching name.</summary>
    public static RemoteCertificateValidationCallback Validator(X509Certificate2Collection? roots) => (_, certificate, _, errors) =>
        certificate is not null
        && (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0
        && ChainTrusted(certificate as X509Certificate2 ?? new X509Certificate2(certificate), errors, roots);
}
