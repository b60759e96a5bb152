using Microsoft.Extensions.Logging;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.AppHost;

/// <summary>
/// The real peers in front of the backend replicas, rendered from one profile: nginx and HAProxy (in containers when a
/// Docker engine is available, else as host processes) and YARP. A peer this machine cannot run is reported with its
/// reason and left out; the rest of the stack runs.
/// </summary>
internal sealed class PeerStack : IAsyncDisposable
{
    private static readonly TargetKind[][] Choices =
    [
        [TargetKind.NginxContainer, TargetKind.NginxProcess],
        [TargetKind.HaproxyContainer, TargetKind.HaproxyProcess],
        [TargetKind.Yarp],
    ];

    private readonly List<IPeerTarget> _running = [];
    private readonly List<string> _unavailable = [];

    public static async Task<PeerStack> StartAsync(
        IReadOnlyList<Uri> replicas, LabCertificateFiles certificates, string workDirectory, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var profile = new ProxyProfile
        {
            Name = "apphost",
            Upstreams = replicas,
            Tls = new ProfileTls(certificates.ServerCertificate, certificates.ServerKey),
        };
        var options = new PeerTargetOptions { WorkDirectory = workDirectory, LoggerFactory = loggerFactory, ChildrenLeadOwnSessions = true };
        var stack = new PeerStack();
        foreach (var choice in Choices)
        {
            var reasons = new List<string>();
            foreach (var kind in choice)
            {
                var target = PeerTargets.Create(kind, profile, options);
                try
                {
                    await target.StartAsync(cancellationToken).ConfigureAwait(false);
                    stack._running.Add(target);
                    break;
                }
                catch (PeerUnavailableException unavailable)
                {
                    reasons.Add(unavailable.Message);
                    await target.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (reasons.Count == choice.Length)
            {
                stack._unavailable.AddRange(reasons);
            }
            else
            {
                // A container peer that could not start is worth a line even when its process fallback runs.
                reasons.ForEach(reason => AppHostConsole.WriteLine($"note: {reason}"));
            }
        }

        return stack;
    }

    /// <summary>Prints each running peer's ws:// and wss:// endpoints, one line each (never cut to the terminal's width), and each unavailable one's reason.</summary>
    public void Print()
    {
        foreach (var target in _running)
        {
            var where = target.ContainerId is { } id ? $"container {id[..12]}, pid {target.ProcessId}" : $"pid {target.ProcessId}";
            AppHostConsole.WriteLine(
                $"{target.Name,-18} {target.WebSocketBase.GetLeftPart(UriPartial.Authority)}  {target.SecureWebSocketBase?.GetLeftPart(UriPartial.Authority) ?? "-"}  ({where})");
        }

        foreach (var reason in _unavailable)
        {
            AppHostConsole.WriteLine($"unavailable: {reason}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var target in _running)
        {
            await target.DisposeAsync().ConfigureAwait(false);
        }

        _running.Clear();
    }
}
