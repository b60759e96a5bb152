using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.Peers.Targets;

/// <summary>A target this machine cannot run; starting it throws with the reason, it never pretends to run.</summary>
internal sealed class UnavailableTarget(string name, string reason) : IPeerTarget
{
    public string Name => name;

    public Uri WebSocketBase => throw new PeerUnavailableException(name, reason);

    public Uri? SecureWebSocketBase => throw new PeerUnavailableException(name, reason);

    public int? ProcessId => null;

    public string? ContainerId => null;

    public IReadOnlyList<CapabilityNote> Notes => [];

    public Task StartAsync(CancellationToken cancellationToken) => throw new PeerUnavailableException(name, reason);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<string>> ReadLogsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
