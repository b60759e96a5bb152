using System.Globalization;
using WsProxyLab.Peers.Processes;

namespace WsProxyLab.Bench;

/// <summary>The echo backend the engine benchmark loads directly: one replica as a process on loopback, stopped on dispose.</summary>
internal sealed class EchoBackend : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private readonly ServiceProcess _process;

    private EchoBackend(ServiceProcess process, Uri echo)
    {
        _process = process;
        Echo = echo;
    }

    /// <summary>Its <c>ws://…/ws/echo</c> address.</summary>
    public Uri Echo { get; }

    public static async Task<EchoBackend> StartAsync(CancellationToken cancellationToken)
    {
        var port = PortAllocator.GetFreePort();
        var address = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        var process = ServiceProcess.StartProject("backend", "WsProxyLab.Backends", typeof(EchoBackend).Assembly, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = address,
            ["Logging__LogLevel__Default"] = "Warning",
        });
        if (await process.WaitHealthyAsync(new Uri($"{address}/health"), StartupTimeout, cancellationToken).ConfigureAwait(false) is { } whyNot)
        {
            var logs = string.Join(" | ", process.RecentLogs.TakeLast(10));
            await process.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{whyNot}; last log lines: {logs}");
        }

        return new EchoBackend(process, new Uri(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{port}/ws/echo")));
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
