using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace WsProxyLab.LoadTests;

/// <summary>Trusts server certificates that chain to one CA file (the lab CA), for wss:// and https:// targets.</summary>
internal static class CaTrust
{
    /// <summary>Trusts chains to the certificate in <paramref name="caPemPath"/> (a CA's certificate alone, without its key); throws <see cref="System.Security.Cryptography.CryptographicException"/> when the file holds none.</summary>
    public static RemoteCertificateValidationCallback FromPem(string caPemPath)
    {
        // CreateFromPemFile would look for a private key beside the certificate: a CA file handed to clients has none.
        var authority = X509Certificate2.CreateFromPem(File.ReadAllText(caPemPath));
        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }
}
