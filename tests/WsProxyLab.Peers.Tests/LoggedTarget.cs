using WsProxyLab.Peers.Rendering;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.Peers.Tests;

/// <summary>A started target that writes its own log lines (the container's or the process's) to the test output when disposed, so a failing test shows them.</summary>
internal sealed class LoggedTarget(IPeerTarget inner, ITestOutputHelper? output) : IPeerTarget
{
    public string Name => inner.Name;

    public Uri WebSocketBase => inner.WebSocketBase;

    public Uri? SecureWebSocketBase => inner.SecureWebSocketBase;

    public int? ProcessId => inner.ProcessId;

    public string? ContainerId => inner.ContainerId;

    public IReadOnlyList<CapabilityNote> Notes => inner.Notes;

    public Task StartAsync(CancellationToken cancellationToken) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

    public Task<IReadOnlyList<string>> ReadLogsAsync(CancellationToken cancellationToken) => inner.ReadLogsAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var line in await inner.ReadLogsAsync(CancellationToken.None))
        {
            output?.WriteLine($"{inner.Name}| {line}");
        }

        await inner.DisposeAsync();
    }
}
