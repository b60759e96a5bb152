using WsProxyLab.Peers.Processes;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.Peers.Targets;

/// <summary>
/// A target run as a child process: its ports are chosen, the profile is rendered for them into the target's directory
/// and environment, and the process is started, health-checked through <c>/health</c> (which every target proxies to a
/// replica) and stopped by its own PID.
/// </summary>
/// <param name="name">The target's name.</param>
/// <param name="profile">The profile; its ports are chosen at start.</param>
/// <param name="directory">Where the rendered files go.</param>
/// <param name="start">Starts the process given the rendered environment.</param>
/// <param name="render">Renders the profile with its chosen ports.</param>
/// <param name="reload">How the target reloads the configuration it runs, as its operators would; null when it cannot.</param>
internal sealed class ProcessPeerTarget(
    string name,
    ProxyProfile profile,
    string directory,
    Func<IReadOnlyDictionary<string, string>, ServiceProcess> start,
    Func<ProxyProfile, RenderedConfig> render,
    Func<ProcessPeerTarget, CancellationToken, Task<string>>? reload = null) : IPeerTarget
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private ServiceProcess? _process;
    private ProxyProfile? _effective;
    private RenderedConfig? _rendered;

    public string Name => name;

    public Uri WebSocketBase => new($"ws://127.0.0.1:{Effective.ListenPort}");

    public Uri? SecureWebSocketBase => Effective.TlsListenPort is { } port ? new Uri($"wss://127.0.0.1:{port}") : null;

    public int? ProcessId => _process?.ProcessId;

    public string? ContainerId => null;

    public IReadOnlyList<CapabilityNote> Notes { get; private set; } = [];

    private ProxyProfile Effective => _effective ?? throw new InvalidOperationException($"{name} has not been started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        _effective = profile with
        {
            ListenPort = PortAllocator.GetFreePort(),
            TlsListenPort = profile.Tls is null ? null : PortAllocator.GetFreePort(),
        };
        var rendered = _rendered = render(_effective);
        Notes = rendered.Notes;
        foreach (var (file, content) in rendered.Files)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, file), content, cancellationToken).ConfigureAwait(false);
        }

        await LaunchAsync(rendered, cancellationToken).ConfigureAwait(false);
    }

    public Task<string> ReloadAsync(CancellationToken cancellationToken) =>
        reload is null ? throw new NotSupportedException($"{name} has no reload in the lab") : reload(this, cancellationToken);

    /// <summary>Sends <paramref name="signal"/> to the target's process; returns <paramref name="description"/>.</summary>
    internal string Signal(int signal, string description) =>
        _process is not null && _process.Signal(signal) ? description : throw new InvalidOperationException($"{name} is not running.");

    /// <summary>Stops the process and starts it again on the same ports, from the same rendering.</summary>
    internal async Task<string> RestartAsync(CancellationToken cancellationToken)
    {
        var rendered = _rendered ?? throw new InvalidOperationException($"{name} has not been started.");
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }

        await LaunchAsync(rendered, cancellationToken).ConfigureAwait(false);
        return "stopped (SIGTERM) and started again on the same ports";
    }

    /// <summary>The environment the target was started with.</summary>
    internal IReadOnlyDictionary<string, string> Environment => _rendered?.Environment ?? throw new InvalidOperationException($"{name} has not been started.");

    private async Task LaunchAsync(RenderedConfig rendered, CancellationToken cancellationToken)
    {
        try
        {
            _process = start(rendered.Environment);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new PeerUnavailableException(name, $"could not be launched: {exception.Message}", exception);
        }

        if (await _process.WaitHealthyAsync(new Uri($"http://127.0.0.1:{Effective.ListenPort}/health"), StartupTimeout, cancellationToken).ConfigureAwait(false) is { } whyNot)
        {
            throw new PeerUnavailableException(name, StartFailure.Describe(whyNot, _process.RecentLogs));
        }

        // A server binds its listeners one after another and serves on the first before the next is bound: the TLS port
        // can refuse a connection for a moment after /health answered (seen once through YARP in CI).
        if (Effective.TlsListenPort is { } tlsPort && !await TcpPortWait.ListensAsync(tlsPort, StartupTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new PeerUnavailableException(name, StartFailure.Describe($"its TLS port {tlsPort} did not listen within {StartupTimeout.TotalSeconds:0} s", _process.RecentLogs));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is not null)
        {
            await _process.StopAsync(StopTimeout).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<string>> ReadLogsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_process?.RecentLogs ?? []);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
