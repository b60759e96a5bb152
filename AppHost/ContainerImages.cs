using WsProxyLab.Peers.Docker;

namespace WsProxyLab.AppHost;

/// <summary>
/// The peers' images, built before the model from the host's binaries (no registry is reachable here; an image whose
/// inputs did not change is reused). Without a Docker engine, or when a build fails, each peer says why and falls back.
/// </summary>
internal sealed class ContainerImages
{
    private readonly DockerEngine? _engine;
    private readonly string? _whyNoEngine;

    private ContainerImages(DockerEngine? engine, string? whyNoEngine)
    {
        _engine = engine;
        _whyNoEngine = whyNoEngine;
    }

    public static async Task<ContainerImages> ConnectAsync(CancellationToken cancellationToken)
    {
        var (engine, whyNot) = await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (engine is not null)
        {
            // Testcontainers builds the images: fit it to this engine's API version first.
            await TestcontainersSetup.ApplyAsync(engine, cancellationToken).ConfigureAwait(false);
        }

        return new ContainerImages(engine, whyNot);
    }

    /// <summary>The image's full name, or why there is none.</summary>
    public async Task<(string? Name, string? WhyNot)> GetAsync(ScratchImageSpec spec, CancellationToken cancellationToken)
    {
        if (_engine is null)
        {
            return (null, _whyNoEngine);
        }

        if (!File.Exists(spec.Binary))
        {
            return (null, $"{spec.Binary} is not installed, so its image cannot be built");
        }

        try
        {
            return (await ScratchImageBuilder.BuildAsync(spec, _engine, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (null, $"building {spec.Name} failed: {exception.Message}");
        }
    }
}
