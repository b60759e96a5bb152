using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace WsProxyLab.Tests.Common;

/// <summary>Trusting the lab CA (made by <c>WsProxyLab.Proxy certs</c>) alone, as a client configured with that CA would.</summary>
public static class LabCa
{
    /// <summary>Validates the server's chain against the CA in <paramref name="caPemPath"/>; <paramref name="seen"/> gets each server certificate's thumbprint.</summary>
    public static RemoteCertificateValidationCallback Validator(string caPemPath, Action<string>? seen = null)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPemPath));
        return (_, certificate, _, _) =>
        {
            if (certificate is null)
            {
                return false;
            }

            using var server = new X509Certificate2(certificate);
            seen?.Invoke(server.Thumbprint);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(server);
        };
    }
}
