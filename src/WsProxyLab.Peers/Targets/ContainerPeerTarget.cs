using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Microsoft.Extensions.Logging;
using WsProxyLab.Peers.Processes;
using WsProxyLab.Peers.Docker;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.Peers.Targets;

/// <summary>
/// A peer in a container through Testcontainers. The container shares the host's network namespace: the replicas
/// listen on loopback only, and host networking lets the peer reach them and listen on 127.0.0.1 as the process peers do
/// (no NAT in the measured path either). Rendered files and certificates are copied in before it starts; readiness is a
/// TCP connection from the host.
/// </summary>
internal sealed class ContainerPeerTarget(string name, ProxyProfile profile, ContainerRecipe recipe, ILogger logger) : IPeerTarget
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private const string CertificateDirectory = "certs";

    private DockerEngine? _engine;
    private IContainer? _container;
    private ProxyProfile? _effective;

    public string Name => name;

    public Uri WebSocketBase => new($"ws://127.0.0.1:{Effective.ListenPort}");

    public Uri? SecureWebSocketBase => Effective.TlsListenPort is { } port ? new Uri($"wss://127.0.0.1:{port}") : null;

    public int? ProcessId { get; private set; }

    public string? ContainerId => _container?.Id;

    public IReadOnlyList<CapabilityNote> Notes { get; private set; } = [];

    private ProxyProfile Effective => _effective ?? throw new InvalidOperationException($"{name} has not been started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (engine, whyNot) = await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        _engine = engine ?? throw new PeerUnavailableException(name, whyNot!);
        foreach (var change in await TestcontainersSetup.ApplyAsync(engine, cancellationToken).ConfigureAwait(false))
        {
            PeersLog.TestcontainersConfigured(logger, change);
        }

        foreach (var orphan in await ContainerOwnership.RemoveOrphansAsync(engine, cancellationToken).ConfigureAwait(false))
        {
            PeersLog.OrphanRemoved(logger, orphan);
        }

        var official = await TestcontainersSetup.RegistryReachableAsync(cancellationToken).ConfigureAwait(false);
        var image = official ? recipe.OfficialImage : await BuildLocalImageAsync(engine, cancellationToken).ConfigureAwait(false);
        PeersLog.ContainerImage(logger, name, image);

        _effective = profile with
        {
            ListenPort = PortAllocator.GetFreePort(),
            TlsListenPort = profile.Tls is null ? null : PortAllocator.GetFreePort(),
        };
        var certificates = $"{recipe.ConfigDirectory}/{CertificateDirectory}";
        var mappedTls = recipe.MapsCertificates && profile.Tls is not null ? new ProfileTls($"{certificates}/server.pem", $"{certificates}/server.key") : null;
        var rendered = recipe.Render(mappedTls is null ? _effective : _effective with { Tls = mappedTls }, recipe.ConfigDirectory);
        Notes = rendered.Notes;

        var command = recipe.Command(official ? recipe.OfficialExecutable : recipe.LocalImage.Binary);
        var builder = new ContainerBuilder(image)
            .WithName($"wsproxylab-{name}-{Guid.NewGuid():N}"[..40])
            .WithEntrypoint(command[0])
            .WithCommand(command[1..])
            .WithCreateParameterModifier(parameters => (parameters.HostConfig ??= new HostConfig()).NetworkMode = "host")
            .WithLabel(ContainerOwnership.OwnerLabel, ContainerOwnership.CurrentOwner)
            .WithWaitStrategy(Wait.ForUnixContainer().AddCustomWaitStrategy(new TcpPortWait(_effective.ListenPort), wait => wait.WithTimeout(StartupTimeout)));
        foreach (var (file, content) in rendered.Files)
        {
            builder = builder.WithResourceMapping(System.Text.Encoding.UTF8.GetBytes(content), $"{recipe.ConfigDirectory}/{file}");
        }

        if (mappedTls is not null)
        {
            builder = builder
                .WithResourceMapping(await File.ReadAllBytesAsync(profile.Tls!.CertificatePath, cancellationToken).ConfigureAwait(false), mappedTls.CertificatePath)
                .WithResourceMapping(await File.ReadAllBytesAsync(profile.Tls.KeyPath, cancellationToken).ConfigureAwait(false), mappedTls.KeyPath);
        }

        _container = builder.Build();
        try
        {
            await _container.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var logs = await ReadLogsAsync(CancellationToken.None).ConfigureAwait(false);
            throw new PeerUnavailableException(name, StartFailure.Describe($"the container did not start ({exception.Message})", logs), exception);
        }

        ProcessId = await engine.GetMainProcessIdAsync(_container.Id, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_container is not null)
        {
            await _container.StopAsync(cancellationToken).ConfigureAwait(false);
            ProcessId = null;
        }
    }

    public Task<string> ReloadAsync(CancellationToken cancellationToken) =>
        // The container's main process as the host sees it: the engine would deliver the same signal (docker kill --signal).
        Task.FromResult(ProcessId is { } processId && PosixSignal.Send(processId, recipe.ReloadSignal)
            ? recipe.ReloadDescription
            : throw new InvalidOperationException($"{name} is not running."));

    public async Task<IReadOnlyList<string>> ReadLogsAsync(CancellationToken cancellationToken)
    {
        if (_container is null)
        {
            return [];
        }

        try
        {
            var (stdout, stderr) = await _container.GetLogsAsync(ct: cancellationToken).ConfigureAwait(false);
            return [.. (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return [$"(the container's logs could not be read: {exception.Message})"];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }

        _engine?.Dispose();
    }

    private async Task<string> BuildLocalImageAsync(DockerEngine engine, CancellationToken cancellationToken)
    {
        if (!File.Exists(recipe.LocalImage.Binary))
        {
            throw new PeerUnavailableException(name, $"no registry is reachable and {recipe.LocalImage.Binary} is not installed to build an image from (apt-get install {Path.GetFileName(recipe.LocalImage.Binary)})");
        }

        return await ScratchImageBuilder.BuildAsync(recipe.LocalImage, engine, cancellationToken).ConfigureAwait(false);
    }
}
