using WsProxyLab.Orchestration.Model;
using WsProxyLab.Orchestration.Running;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.Peers.Targets;

/// <summary>
/// A target run as a child process under the lab's orchestrator: its ports are chosen, the profile is rendered for them
/// into the target's directory and environment, and the process is started, health-checked through <c>/health</c>
/// (which every target proxies to a replica) and stopped by its own PID.
/// </summary>
internal sealed class ProcessPeerTarget(
    string name,
    ProxyProfile profile,
    string directory,
    Func<DistributedApplicationBuilder, ResourceBuilder> declare,
    Func<ProxyProfile, RenderedConfig> render,
    PeerTargetOptions options) : IPeerTarget
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private DistributedApplication? _app;
    private ResourceInstance? _instance;

    public string Name => name;

    public Uri WebSocketBase => new UriBuilder(Running.Endpoints["http"]) { Scheme = "ws" }.Uri;

    public Uri? SecureWebSocketBase => Running.Endpoints.TryGetValue("https", out var https) ? new UriBuilder(https) { Scheme = "wss" }.Uri : null;

    public int? ProcessId => _instance?.ProcessId;

    public string? ContainerId => null;

    public IReadOnlyList<CapabilityNote> Notes { get; private set; } = [];

    private ResourceInstance Running => _instance ?? throw new InvalidOperationException($"{name} has not been started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var builder = new DistributedApplicationBuilder { LoggerFactory = options.LoggerFactory, ChildrenLeadOwnSessions = options.ChildrenLeadOwnSessions };
        var resource = declare(builder);
        if (profile.Tls is not null)
        {
            resource.WithHttpsEndpoint();
        }

        resource.WithHttpHealthCheck("/health").WithStartupTimeout(StartupTimeout).WithStopTimeout(StopTimeout);
        _app = builder.Build();
        _instance = _app.GetInstances(name)[0];
        var effective = profile with
        {
            ListenPort = _instance.Endpoints["http"].Port,
            TlsListenPort = _instance.Endpoints.TryGetValue("https", out var https) ? https.Port : null,
        };
        var rendered = render(effective);
        Notes = rendered.Notes;
        foreach (var (file, content) in rendered.Files)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, file), content, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (variable, value) in rendered.Environment)
        {
            resource.Resource.Environment[variable] = value;
        }

        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        if (_instance.State != ResourceState.Running)
        {
            throw new PeerUnavailableException(name, StartFailure.Describe(_instance.StateDetail, _instance.RecentLogs));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<string>> ReadLogsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_instance?.RecentLogs ?? []);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
