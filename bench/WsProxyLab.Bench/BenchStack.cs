using System.Globalization;
using WsProxyLab.Peers.Processes;
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
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly ServiceProcess _backend;
    private readonly Dictionary<string, ServiceProcess> _processes;
    private readonly string _workDirectory;

    private BenchStack(ServiceProcess backend, Dictionary<string, ServiceProcess> processes, string workDirectory, IReadOnlyList<BenchTarget> targets)
    {
        _backend = backend;
        _processes = processes;
        _workDirectory = workDirectory;
        Targets = targets;
    }

    public IReadOnlyList<BenchTarget> Targets { get; }

    /// <summary>The lines a target printed that contain <paramref name="fragment"/>.</summary>
    public IReadOnlyList<string> LogLinesOf(string target, string fragment) => _processes.TryGetValue(target, out var process)
        ? [.. process.RecentLogs.Where(line => line.Contains(fragment, StringComparison.Ordinal))]
        : [];

    public int BackendProcessId => _backend.ProcessId;

    public static async Task<BenchStack> StartAsync(IReadOnlyList<string> targetNames, int maxTunnels, CancellationToken cancellationToken)
    {
        if (targetNames.Contains(Nginx) && !File.Exists(NginxExecutable))
        {
            throw new InvalidOperationException($"Target '{Nginx}' needs Debian's nginx at {NginxExecutable}: apt-get install nginx (or leave it out of --targets).");
        }

        var unknown = targetNames.Where(name => !AllTargets.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown target '{unknown[0]}'; choose from {string.Join(", ", AllTargets)}.", nameof(targetNames));
        }

        var workDirectory = Directory.CreateTempSubdirectory("wsproxylab-bench-").FullName;
        var assembly = typeof(BenchStack).Assembly;
        var backendPort = PortAllocator.GetFreePort();
        var backend = ServiceProcess.StartProject("backend", "WsProxyLab.Backends", assembly, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = Url(backendPort),
            ["Logging__LogLevel__Default"] = "Warning",
        });
        var processes = new Dictionary<string, ServiceProcess>();
        try
        {
            await RequireHealthyAsync(backend, backendPort, cancellationToken).ConfigureAwait(false);
            var backendUrl = new Uri(Url(backendPort));
            var targets = new List<BenchTarget>();
            foreach (var name in targetNames)
            {
                if (name == Direct)
                {
                    targets.Add(new BenchTarget(Direct, backendUrl, null, "client → Kestrel echo backend"));
                    continue;
                }

                var port = PortAllocator.GetFreePort();
                var process = processes[name] = Start(name, port, backendUrl, workDirectory, maxTunnels);
                await RequireHealthyAsync(process, port, cancellationToken).ConfigureAwait(false);
                targets.Add(new BenchTarget(name, new Uri(Url(port)), process.ProcessId, Describe(name)));
            }

            return new BenchStack(backend, processes, workDirectory, targets);
        }
        catch
        {
            foreach (var process in processes.Values.Append(backend))
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private static ServiceProcess Start(string name, int port, Uri backend, string workDirectory, int maxTunnels)
    {
        var assembly = typeof(BenchStack).Assembly;
        var upstream = backend.GetLeftPart(UriPartial.Authority);
        var environment = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = Url(port), ["Logging__LogLevel__Default"] = "Warning" };
        switch (name)
        {
            case Nginx:
                var prefix = WriteNginxConfig(workDirectory, port, backend, maxTunnels);
                return ServiceProcess.StartExecutable(name, NginxExecutable, ["-p", prefix, "-c", Path.Combine(prefix, NginxRenderer.ConfigFileName), "-g", "daemon off;"], workDirectory, new Dictionary<string, string>());
            case Yarp or YarpNoSpin:
                environment["ReverseProxy__Routes__all__ClusterId"] = "backend";
                environment["ReverseProxy__Routes__all__Match__Path"] = "{**catch-all}";
                environment["ReverseProxy__Clusters__backend__Destinations__d0__Address"] = upstream;
                // YARP ends a WebSocket after 100 s without activity by default; nginx is given an hour too.
                environment["ReverseProxy__Clusters__backend__HttpRequest__ActivityTimeout"] = "01:00:00";
                if (name == YarpNoSpin)
                {
                    environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
                }

                return ServiceProcess.StartProject(name, "WsProxyLab.YarpHost", assembly, environment);
            default:
                environment["Proxy__Routes__all__PathPrefix"] = "/";
                environment["Proxy__Routes__all__Destinations__d0__Address"] = upstream;
                environment["Proxy__ReadTimeout"] = "01:00:00";
                // The report quotes the pause of each memory trim.
                environment["Logging__LogLevel__WsProxyLab.Proxy.Diagnostics.MemoryTrimmer"] = "Information";
                if (name == WsProxyNoTrim)
                {
                    environment["Proxy__MemoryTrimAfterTunnels"] = "0";
                }

                if (name == WsProxyNoHandoff)
                {
                    environment["Proxy__ClientSocketHandoff"] = "false";
                }

                return ServiceProcess.StartProject(name, "WsProxyLab.Proxy", assembly, environment);
        }
    }

    private static string Describe(string name) => name switch
    {
        WsProxy => "WsProxyLab.Proxy (tunnel mode; its own runtime settings)",
        WsProxyNoHandoff => "WsProxyLab.Proxy with the client socket handoff off (ClientSocketHandoff=false): tunnels relay through Kestrel's pipes and streams",
        WsProxyNoTrim => "WsProxyLab.Proxy with the memory trim after bursts off (MemoryTrimAfterTunnels=0)",
        Yarp => "YARP 2.3, minimal host, .NET defaults",
        YarpNoSpin => "YARP 2.3, DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0",
        _ => "nginx 1.22, 2 workers, the seed's WebSocket config, proxy_buffering off",
    };

    private static string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");

    private static async Task RequireHealthyAsync(ServiceProcess process, int port, CancellationToken cancellationToken)
    {
        if (await process.WaitHealthyAsync(new Uri($"{Url(port)}/health"), StartupTimeout, cancellationToken).ConfigureAwait(false) is { } whyNot)
        {
            throw new InvalidOperationException($"{whyNot}; last log lines:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", process.RecentLogs.TakeLast(10))}");
        }
    }

    /// <summary>Writes the lab's own nginx rendering for the bench and returns nginx's prefix directory.</summary>
    private static string WriteNginxConfig(string workDirectory, int port, Uri backend, int maxTunnels)
    {
        var prefix = Path.Combine(workDirectory, "nginx");
        Directory.CreateDirectory(prefix);
        // The seed's WebSocket config, proxy_buffering off, with hour-long timeouts so held tunnels stay open; it sizes
        // worker_connections for every tunnel's two connections.
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
        return prefix;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Values)
        {
            await process.StopAsync(StopTimeout).ConfigureAwait(false);
            await process.DisposeAsync().ConfigureAwait(false);
        }

        await _backend.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_workDirectory, recursive: true);
    }
}
