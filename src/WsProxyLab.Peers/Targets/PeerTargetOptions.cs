using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WsProxyLab.Peers.Targets;

/// <summary>Where and how targets are started.</summary>
public sealed record PeerTargetOptions
{
    /// <summary>Each process target gets a directory under this one for its rendered files.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Receives the orchestrator's and the containers' events.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Whether process targets lead sessions of their own, out of reach of the terminal's Ctrl+C; for an owner that
    /// handles the signals itself (see <see cref="Orchestration.Model.DistributedApplicationBuilder.ChildrenLeadOwnSessions"/>).
    /// </summary>
    public bool ChildrenLeadOwnSessions { get; init; }

    /// <summary>For the direct target: the first replica's TLS listener, when it has one.</summary>
    public Uri? DirectSecureUpstream { get; init; }
}
