using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WsProxyLab.Peers.Targets;

/// <summary>Where and how targets are started.</summary>
public sealed record PeerTargetOptions
{
    /// <summary>Each process target gets a directory under this one for its rendered files.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Receives the containers' events.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>For the direct target: the first replica's TLS listener, when it has one.</summary>
    public Uri? DirectSecureUpstream { get; init; }
}
