using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.Peers.Targets;

/// <summary>The baseline: no proxy; clients connect to the profile's first replica (and to its TLS listener, when it has one).</summary>
internal sealed class DirectTarget(ProxyProfile profile, Uri? secureUpstream) : IPeerTarget
{
    public string Name => "direct";

    public Uri WebSocketBase { get; } = new UriBuilder(profile.Upstreams[0]) { Scheme = "ws" }.Uri;

    public Uri? SecureWebSocketBase { get; } = secureUpstream is null ? null : new UriBuilder(secureUpstream) { Scheme = "wss" }.Uri;

    public int? ProcessId => null;

    public string? ContainerId => null;

    public IReadOnlyList<CapabilityNote> Notes { get; } = [];

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<string>> ReadLogsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
