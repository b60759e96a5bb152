using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using WsProxyLab.Proxy.Tls;

namespace WsProxyLab.Load.Tests;

/// <summary>An echo backend serving https:// and wss:// with a server certificate the lab CA signed (<see cref="LabCertificates"/>).</summary>
internal static class LabTlsBackend
{
    public static async Task<(LoopbackBackend Backend, LabCertificates.Files Certificates)> StartAsync(string directory)
    {
        var files = LabCertificates.Create(directory);
        var certificate = X509Certificate2.CreateFromPemFile(files.ServerCertificate, files.ServerKey);
        var backend = await LoopbackBackend.StartAsync(
            configure: builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate)), https: true);
        return (backend, files);
    }
}
