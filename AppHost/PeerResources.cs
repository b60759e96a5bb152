using WsProxyLab.AppHost.Commands;
using WsProxyLab.Peers.Profiles;

namespace WsProxyLab.AppHost;

/// <summary>
/// nginx and HAProxy, rendered from the profile: container resources from the locally built images when a Docker engine
/// answers, else host-process resources, with the reason for the fallback in the resource's log and properties.
/// </summary>
internal static class PeerResources
{
    /// <summary>Where the configuration directory is mounted in a container.</summary>
    private const string ContainerDirectory = "/lab";

    /// <summary>The host as a container on the bridge sees it (Docker's host-gateway).</summary>
    private const string HostFromContainer = "host.docker.internal";

    public static async Task<LabTarget> AddAsync(
        IDistributedApplicationBuilder builder, PeerRecipe recipe, ProxyProfile profile, string workDirectory, ContainerImages images, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(workDirectory, recipe.Name);
        Directory.CreateDirectory(directory);
        var port = LabPorts.Next();
        var tlsPort = LabPorts.Next();
        var image = await images.GetAsync(recipe.Image, cancellationToken).ConfigureAwait(false);
        IResourceBuilder<IResourceWithWaitSupport> resource = image.Name is { } name
            ? AddContainer(builder, recipe, profile, directory, name, port, tlsPort).WithLabEndpoints(port, tlsPort).WithReloadCommand(recipe.ReloadSignal)
            : AddProcess(builder, recipe, profile, directory, port, tlsPort, image.WhyNot!).WithLabEndpoints(port, tlsPort).WithReloadCommand(recipe.ReloadSignal);
        return new LabTarget(resource, port, tlsPort);
    }

    private static IResourceBuilder<ContainerResource> AddContainer(
        IDistributedApplicationBuilder builder, PeerRecipe recipe, ProxyProfile profile, string directory, string image, int port, int tlsPort)
    {
        var effective = profile with
        {
            ListenAddress = "0.0.0.0",
            ListenPort = port,
            TlsListenPort = tlsPort,
            Upstreams = [.. profile.Upstreams.Select(upstream => new UriBuilder(upstream) { Host = HostFromContainer }.Uri)],
        };
        if (recipe.NamesCertificateFiles)
        {
            var certificates = Path.Combine(directory, "certs");
            Directory.CreateDirectory(certificates);
            File.Copy(profile.Tls!.CertificatePath, Path.Combine(certificates, "server.pem"), overwrite: true);
            File.Copy(profile.Tls.KeyPath, Path.Combine(certificates, "server.key"), overwrite: true);
            effective = effective with { Tls = new ProfileTls($"{ContainerDirectory}/certs/server.pem", $"{ContainerDirectory}/certs/server.key") };
        }

        WriteFiles(recipe.Render(effective, ContainerDirectory).Files, directory);
        var (repository, tag) = SplitImage(image);
        return builder.AddContainer(recipe.Name, repository, tag)
            .WithImagePullPolicy(ImagePullPolicy.Missing)
            .WithEntrypoint(recipe.Binary)
            .WithArgs(recipe.Arguments(ContainerDirectory))
            .WithBindMount(directory, ContainerDirectory)
            // A bridge, not --network=host (Docker 20.10 refuses it beside Aspire's network): replicas are reached on the host's gateway.
            .WithContainerRuntimeArgs($"--add-host={HostFromContainer}:host-gateway")
            .WithoutHttpsCertificate();
    }

    private static IResourceBuilder<ExecutableResource> AddProcess(
        IDistributedApplicationBuilder builder, PeerRecipe recipe, ProxyProfile profile, string directory, int port, int tlsPort, string whyNotContainer)
    {
        WriteFiles(recipe.Render(profile with { ListenPort = port, TlsListenPort = tlsPort }, directory).Files, directory);
        var reason = File.Exists(recipe.Binary)
            ? $"a host process, not a container: {whyNotContainer}"
            : $"a host process, not a container ({whyNotContainer}); and {recipe.Binary} is not installed (apt-get install {recipe.Name}), so it cannot start";
        return builder.AddExecutable(recipe.Name, recipe.Binary, directory, recipe.Arguments(directory))
            .WithoutHttpsCertificate()
            .WithStartNote(reason);
    }

    private static void WriteFiles(IEnumerable<KeyValuePair<string, string>> files, string directory)
    {
        foreach (var (file, content) in files)
        {
            File.WriteAllText(Path.Combine(directory, file), content);
        }
    }

    private static (string Repository, string Tag) SplitImage(string image)
    {
        var colon = image.LastIndexOf(':');
        return (image[..colon], image[(colon + 1)..]);
    }
}
