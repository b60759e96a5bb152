using WsProxyLab.Peers.Docker;
using WsProxyLab.Peers.Processes;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.Peers.Targets;

/// <summary>Creates any target from a profile; each says why in one line when it cannot start here.</summary>
public static class PeerTargets
{
    /// <summary>Debian's nginx binary.</summary>
    public const string NginxBinary = "/usr/sbin/nginx";

    /// <summary>Debian's HAProxy binary.</summary>
    public const string HaproxyBinary = "/usr/sbin/haproxy";

    private const string NginxConfigDirectory = "/etc/nginx";
    private const string HaproxyConfigDirectory = "/usr/local/etc/haproxy";

    /// <summary>The <c>FROM scratch</c> image of Debian's nginx, for engines that cannot pull <c>nginx:1.22</c>.</summary>
    public static ScratchImageSpec NginxImage { get; } =
        new("wsproxylab/nginx-debian", NginxBinary, ["/etc/nginx/mime.types"], [NginxConfigDirectory, "/var/lib/nginx", "/var/log/nginx", "/run"]);

    /// <summary>The <c>FROM scratch</c> image of Debian's HAProxy, for engines that cannot pull <c>haproxy:2.6</c>.</summary>
    public static ScratchImageSpec HaproxyImage { get; } =
        new("wsproxylab/haproxy-debian", HaproxyBinary, [], [HaproxyConfigDirectory, "/var/lib/haproxy", "/run"]);

    /// <summary>Every kind, in the order reports list them.</summary>
    public static IReadOnlyList<TargetKind> All { get; } = Enum.GetValues<TargetKind>();

    /// <summary>The target's name in reports and logs.</summary>
    public static string NameOf(TargetKind kind) => kind switch
    {
        TargetKind.Direct => "direct",
        TargetKind.WsProxy => "wsproxy",
        TargetKind.NginxContainer => "nginx-container",
        TargetKind.NginxProcess => "nginx-process",
        TargetKind.HaproxyContainer => "haproxy-container",
        TargetKind.HaproxyProcess => "haproxy-process",
        TargetKind.Yarp => "yarp",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown target kind."),
    };

    /// <summary>Creates the target; validation errors of the profile throw here, everything the machine lacks throws from <see cref="IPeerTarget.StartAsync"/>.</summary>
    public static IPeerTarget Create(TargetKind kind, ProxyProfile profile, PeerTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        // The ports are the target's own choice: validate the rest.
        var errors = (profile with { ListenPort = 1 }).Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Profile '{profile.Name}' is invalid: {string.Join(" ", errors)}", nameof(profile));
        }

        var name = NameOf(kind);
        var directory = Path.Combine(options.WorkDirectory, name);
        var assembly = typeof(PeerTargets).Assembly;
        var logger = options.LoggerFactory.CreateLogger(typeof(PeerTargets).FullName!);
        return kind switch
        {
            TargetKind.Direct => new DirectTarget(profile, options.DirectSecureUpstream),
            TargetKind.WsProxy => new ProcessPeerTarget(name, profile, directory,
                environment => StartWsProxy(name, directory, assembly, environment), WsProxyRenderer.Render,
                (target, cancellationToken) => WsProxyConfigReload.RewriteAsync(Path.Combine(directory, WsProxyConfigReload.FileName), target.Environment, cancellationToken)),
            TargetKind.Yarp => new ProcessPeerTarget(name, profile, directory,
                environment => ServiceProcess.StartProject(name, "WsProxyLab.YarpHost", assembly, new Dictionary<string, string>(environment) { ["Logging__LogLevel__Yarp"] = "Warning" }),
                YarpRenderer.Render, (target, cancellationToken) => target.RestartAsync(cancellationToken)),
            TargetKind.NginxProcess => RequireBinary(name, NginxBinary, new ProcessPeerTarget(name, profile, directory,
                environment => ServiceProcess.StartExecutable(name, NginxBinary, ["-p", directory, "-c", Path.Combine(directory, NginxRenderer.ConfigFileName), "-g", "daemon off;"], directory, environment),
                effective => NginxRenderer.Render(effective, directory),
                (target, _) => Task.FromResult(target.Signal(PosixSignal.Hangup, NginxReload)))),
            TargetKind.HaproxyProcess => RequireBinary(name, HaproxyBinary, new ProcessPeerTarget(name, profile, directory,
                environment => ServiceProcess.StartExecutable(name, HaproxyBinary, ["-W", "-db", "-f", Path.Combine(directory, HaproxyRenderer.ConfigFileName)], directory, environment),
                effective => HaproxyRenderer.Render(effective, directory),
                (target, _) => Task.FromResult(target.Signal(PosixSignal.User2, HaproxyReload)))),
            TargetKind.NginxContainer => new ContainerPeerTarget(name, profile, NginxRecipe, logger),
            TargetKind.HaproxyContainer => new ContainerPeerTarget(name, profile, HaproxyRecipe, logger),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown target kind."),
        };
    }

    private static ContainerRecipe NginxRecipe { get; } = new(
        "nginx:1.22",
        NginxImage,
        NginxConfigDirectory,
        NginxRenderer.Render,
        executable => [executable, "-p", NginxConfigDirectory, "-c", $"{NginxConfigDirectory}/{NginxRenderer.ConfigFileName}", "-g", "daemon off;"],
        "nginx",
        MapsCertificates: true,
        PosixSignal.Hangup,
        NginxReload);

    private static ContainerRecipe HaproxyRecipe { get; } = new(
        "haproxy:2.6",
        HaproxyImage,
        HaproxyConfigDirectory,
        HaproxyRenderer.Render,
        executable => [executable, "-W", "-db", "-f", $"{HaproxyConfigDirectory}/{HaproxyRenderer.ConfigFileName}"],
        "haproxy",
        MapsCertificates: false,
        PosixSignal.User2,
        HaproxyReload);

    private const string NginxReload = "SIGHUP to the master (what nginx -s reload sends): new workers; the old ones finish their connections";

    // HAProxy runs in master-worker mode (-W) so that it can reload in place, as its systemd unit does.
    private const string HaproxyReload = "SIGUSR2 to the master (-W): a new worker; the old one finishes its connections";

    /// <summary>The lab's proxy, watching a config file of its own (empty until a reload writes the routes into it).</summary>
    private static ServiceProcess StartWsProxy(string name, string directory, System.Reflection.Assembly assembly, IReadOnlyDictionary<string, string> environment)
    {
        var file = Path.Combine(directory, WsProxyConfigReload.FileName);
        File.WriteAllText(file, "{}");
        return ServiceProcess.StartProject(name, "WsProxyLab.Proxy", assembly, environment, ["--config", file], networkNamespace: null);
    }

    private static IPeerTarget RequireBinary(string name, string binary, IPeerTarget target) => File.Exists(binary)
        ? target
        : new UnavailableTarget(name, $"{binary} is not installed (apt-get install {Path.GetFileName(binary)})");
}
