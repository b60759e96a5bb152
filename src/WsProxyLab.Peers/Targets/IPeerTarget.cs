using WsProxyLab.Peers.Processes;
using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.Peers.Targets;

/// <summary>
/// A proxy the lab measures (or the direct baseline), started from a profile: its endpoints once running, the process
/// or container behind it, its logs and resource usage, and what of the profile it could not express.
/// </summary>
public interface IPeerTarget : IAsyncDisposable
{
    /// <summary>The target's name (<c>direct</c>, <c>wsproxy</c>, <c>nginx-container</c>, <c>nginx-process</c>, <c>haproxy-process</c>, …).</summary>
    string Name { get; }

    /// <summary>The <c>ws://</c> base address (scheme, host and port); valid once started.</summary>
    Uri WebSocketBase { get; }

    /// <summary>The <c>wss://</c> base address, or null when the profile has no TLS listener; valid once started.</summary>
    Uri? SecureWebSocketBase { get; }

    /// <summary>The host process id of the target (a container's main process as the host sees it), once started.</summary>
    int? ProcessId { get; }

    /// <summary>The container id when the target runs in a container.</summary>
    string? ContainerId { get; }

    /// <summary>Profile features the target renders only approximately or not at all.</summary>
    IReadOnlyList<CapabilityNote> Notes { get; }

    /// <summary>Starts the target and waits until it accepts connections; throws <see cref="PeerUnavailableException"/> with the reason when it cannot.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the target (its own process, by PID, or its container).</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reloads the configuration the target runs, the way its operators do (nginx: SIGHUP; HAProxy: SIGUSR2 to its
    /// master; wsproxy: its watched config file rewritten; YARP: a restart); returns what was done. Throws
    /// <see cref="NotSupportedException"/> where the lab has no reload for the target.
    /// </summary>
    Task<string> ReloadAsync(CancellationToken cancellationToken) => throw new NotSupportedException($"{Name} has no reload in the lab");

    /// <summary>The target's recent log lines (stdout and stderr).</summary>
    Task<IReadOnlyList<string>> ReadLogsAsync(CancellationToken cancellationToken);

    /// <summary>The target's resident memory and CPU time (its workers included), or null when it is not running.</summary>
    ProcessSample? ReadUsage() => ProcessId is { } processId ? ProcessSample.Read(processId) : null;
}
