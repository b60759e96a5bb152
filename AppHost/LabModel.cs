using WsProxyLab.Peers.Profiles;
using WsProxyLab.Proxy.Tls;

namespace WsProxyLab.AppHost;

/// <summary>
/// The whole lab as Aspire resources: the backend replicas, the proxies in front of them rendered from one profile
/// (wsproxy, YARP, nginx, HAProxy), and a load run per target.
/// </summary>
internal static class LabModel
{
    public static async Task AddAsync(IDistributedApplicationBuilder builder, LabSettings settings)
    {
        // A fresh lab CA and server certificate on every start: wss:// needs no manual step.
        var certificates = LabCertificates.Create(Path.Combine(settings.WorkDirectory, "certs"));
        var replicas = BackendReplicas.Add(builder, settings.Replicas);
        var profile = new ProxyProfile
        {
            Name = "apphost",
            Upstreams = [.. replicas.Select(replica => new Uri($"http://127.0.0.1:{replica.Port}"))],
            Tls = new ProfileTls(certificates.ServerCertificate, certificates.ServerKey),
        };

        var images = await ContainerImages.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
        List<LabTarget> proxies =
        [
            WsProxyResource.Add(builder, profile, settings.WorkDirectory),
            YarpResource.Add(builder, profile),
            await PeerResources.AddAsync(builder, PeerRecipe.Nginx, profile, settings.WorkDirectory, images, CancellationToken.None).ConfigureAwait(false),
            await PeerResources.AddAsync(builder, PeerRecipe.Haproxy, profile, settings.WorkDirectory, images, CancellationToken.None).ConfigureAwait(false),
        ];
        foreach (var proxy in proxies)
        {
            foreach (var replica in replicas)
            {
                proxy.Resource.WaitFor(replica.Resource);
            }
        }

        // DCP runs each project under `dotnet run`; a `dotnet run` killed outright must not leave its app behind.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("WSPROXYLAB_PARENT_PID", "parent");
        }

        // The direct baseline is the first replica itself.
        List<LabTarget> targets = [replicas[0], .. proxies];
        TargetLines.PrintWhenReady(builder, targets, certificates.CaCertificate);
        LoadRunResources.Add(builder, targets, settings.WorkDirectory);
    }
}
