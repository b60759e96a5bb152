using Microsoft.Extensions.Logging;
using WsProxyLab.Orchestration.Model;
using WsProxyLab.Orchestration.Running;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.Bench;

/// <summary>
/// Starts the echo backend, then every requested target in front of it as separate processes: the C# proxy, YARP
/// (defaults, and with thread-pool spinning off) and Debian's nginx. All listen on loopback; all are stopped on dispose.
/// </summary>
internal sealed class BenchStack : IAsyncDisposable
{
    public const string Direct = "direct";
    public const string WsProxy = "wsproxy";
    public const string Nginx = "nginx";
    public const string Yarp = "yarp";
    public const string YarpNoSpin = "yarp-nospin";
    public const string WsProxyNoTrim = "wsproxy-notrim";
    public const string WsProxyNoHandoff = "wsproxy-nohandoff";

    public static readonly string[] AllTargets = [Direct, WsProxy, WsProxyNoTrim, WsProxyNoHandoff, Nginx, Yarp, YarpNoSpin];

    private const string NginxExecutable = "/usr/sbin/nginx";

    private readonly DistributedApplication _backendApp;
    private readonly DistributedApplication? _targetApp;
    private readonly string _workDirectory;

    private BenchStack(DistributedApplication backendApp, DistributedApplication? targetApp, string workDirectory, IReadOnlyList<BenchTarget> targets)
    {
        _backendApp = backendApp;
        _targetApp = targetApp;
        _workDirectory = workDirectory;
        Targets = targets;
    }

    public IReadOnlyList<BenchTarget> Targets { get; }

    /// <summary>The lines a target printed that contain <paramref name="fragment"/>.</summary>
    public IReadOnlyList<string> LogLinesOf(string target, string fragment) => _targetApp is null || target == Direct
        ? []
        : [.. _targetApp.GetInstances(target)[0].RecentLogs.Where(line => line.Contains(fragment, StringComparison.Ordinal))];

    public int BackendProcessId => _backendApp.GetInstances("backend")[0].ProcessId!.Value;

    public static async Task<BenchStack> StartAsync(IReadOnlyList<string> targetNames, int maxTunnels, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        if (targetNames.Contains(Nginx) && !File.Exists(NginxExecutable))
        {
            throw new InvalidOperationException($"Target '{Nginx}' needs Debian's nginx at {NginxExecutable}: apt-get install nginx (or leave it out of --targets).");
        }

        var workDirectory = Directory.CreateTempSubdirectory("wsproxylab-bench-").FullName;
        var assembly = typeof(BenchStack).Assembly;
        var backendModel = new DistributedApplicationBuilder { LoggerFactory = loggerFactory };
        backendModel.AddProject("backend", "WsProxyLab.Backends", assembly)
            .WithEnvironment("Logging__LogLevel__Default", "Warning")
            .WithHttpHealthCheck("/health");
        var backendApp = backendModel.Build();
        await StartAllAsync(backendApp, cancellationToken).ConfigureAwait(false);
        var backend = backendApp.GetInstances("backend")[0].Endpoints["http"];

        var model = new DistributedApplicationBuilder { LoggerFactory = loggerFactory };
        var descriptions = new Dictionary<string, string>
        {
            [Direct] = "client → Kestrel echo backend",
        };
        foreach (var name in targetNames.Where(name => name != Direct))
        {
            var resource = name switch
            {
                WsProxy or WsProxyNoTrim or WsProxyNoHandoff => model.AddProject(name, "WsProxyLab.Proxy", assembly)
                    .WithEnvironment("Proxy__Routes__all__PathPrefix", "/")
                    .WithEnvironment("Proxy__Routes__all__Destinations__d0__Address", backend.GetLeftPart(UriPartial.Authority))
                    .WithEnvironment("Proxy__ReadTimeout", "01:00:00")
                    // The report quotes the pause of each memory trim.
                    .WithEnvironment("Logging__LogLevel__WsProxyLab.Proxy.Diagnostics.MemoryTrimmer", "Information"),
                Yarp or YarpNoSpin => model.AddProject(name, "WsProxyLab.YarpHost", assembly)
                    .WithEnvironment("ReverseProxy__Routes__all__ClusterId", "backend")
                    .WithEnvironment("ReverseProxy__Routes__all__Match__Path", "{**catch-all}")
                    .WithEnvironment("ReverseProxy__Clusters__backend__Destinations__d0__Address", backend.GetLeftPart(UriPartial.Authority))
                    // YARP ends a WebSocket after 100 s without activity by default; nginx above is given an hour too.
                    .WithEnvironment("ReverseProxy__Clusters__backend__HttpRequest__ActivityTimeout", "01:00:00"),
                Nginx => model.AddExecutable(name, NginxExecutable, workDirectory, "-p", Path.Combine(workDirectory, "nginx"), "-c", Path.Combine(workDirectory, "nginx", NginxRenderer.ConfigFileName), "-g", "daemon off;")
                    .WithHttpEndpoint(),
                _ => throw new ArgumentException($"Unknown target '{name}'; choose from {string.Join(", ", AllTargets)}.", nameof(targetNames)),
            };
            resource.WithHttpHealthCheck("/health").WithStopTimeout(TimeSpan.FromSeconds(20));
            if (name != Nginx)
            {
                resource.WithEnvironment("Logging__LogLevel__Default", "Warning");
            }

            if (name == WsProxyNoTrim)
            {
                resource.WithEnvironment("Proxy__MemoryTrimAfterTunnels", "0");
            }

            if (name == WsProxyNoHandoff)
            {
                resource.WithEnvironment("Proxy__ClientSocketHandoff", "false");
            }

            if (name == YarpNoSpin)
            {
                resource.WithEnvironment("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0");
            }

            descriptions[name] = name switch
            {
                WsProxy => "WsProxyLab.Proxy (tunnel mode; its own runtime settings)",
                WsProxyNoHandoff => "WsProxyLab.Proxy with the client socket handoff off (ClientSocketHandoff=false): tunnels relay through Kestrel's pipes and streams",
                WsProxyNoTrim => "WsProxyLab.Proxy with the memory trim after bursts off (MemoryTrimAfterTunnels=0)",
                Yarp => "YARP 2.3, minimal host, .NET defaults",
                YarpNoSpin => "YARP 2.3, DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0",
                _ => "nginx 1.22, 2 workers, the seed's WebSocket config, proxy_buffering off",
            };
        }

        var targetApp = model.Resources.Count == 0 ? null : model.Build();
        if (targetApp is not null)
        {
            if (targetNames.Contains(Nginx))
            {
                WriteNginxConfig(workDirectory, targetApp.GetInstances(Nginx)[0].Endpoints["http"].Port, backend, maxTunnels);
            }

            await StartAllAsync(targetApp, cancellationToken).ConfigureAwait(false);
        }

        var targets = targetNames.Select(name => name == Direct
                ? new BenchTarget(Direct, backend, null, descriptions[name])
                : new BenchTarget(name, targetApp!.GetInstances(name)[0].Endpoints["http"], targetApp.GetInstances(name)[0].ProcessId, descriptions[name]))
            .ToList();
        return new BenchStack(backendApp, targetApp, workDirectory, targets);
    }

    private static void WriteNginxConfig(string workDirectory, int port, Uri backend, int maxTunnels)
    {
        var prefix = Path.Combine(workDirectory, "nginx");
        Directory.CreateDirectory(prefix);
        // The lab's own nginx rendering (the seed's WebSocket config, proxy_buffering off), with hour-long timeouts so
        // held tunnels stay open; it sizes worker_connections for every tunnel's two connections.
        var profile = new ProxyProfile
        {
            Name = "bench",
            ListenPort = port,
            Upstreams = [backend],
            Timeouts = new ProfileTimeouts { Read = TimeSpan.FromHours(1), Send = TimeSpan.FromHours(1) },
            MaxConnections = maxTunnels,
        };
        var rendered = NginxRenderer.Render(profile, prefix);
        File.WriteAllText(Path.Combine(prefix, NginxRenderer.ConfigFileName), rendered.Files[NginxRenderer.ConfigFileName]);
    }

    private static async Task StartAllAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var failed = app.Instances.Where(instance => instance.State != ResourceState.Running).ToList();
        if (failed.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, failed.Select(instance =>
                $"{instance.Name} is {instance.State} ({instance.StateDetail}); last log lines:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", instance.RecentLogs.TakeLast(10))}")));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_targetApp is not null)
        {
            await _targetApp.DisposeAsync().ConfigureAwait(false);
        }

        await _backendApp.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_workDirectory, recursive: true);
    }
}
