using WsProxyLab.Load.Connections;
using WsProxyLab.Peers.Processes;

namespace WsProxyLab.Bench;

/// <summary>
/// Measures one target: hold the idle tunnels (memory per tunnel from the target's RSS before and after), drive echo
/// traffic beside them (CPU per message from the target's, the backend's and the generator's CPU time over the measured
/// window), then prove every held tunnel still answers.
/// </summary>
internal static class TargetRun
{
    public static async Task<TargetResult> RunAsync(BenchTarget target, int backendProcessId, SourceAddressConnector connector, BenchSettings settings, Action<string> progress, CancellationToken cancellationToken)
    {
        var echoUri = new Uri($"ws://{target.BaseUri.Authority}/ws/echo");
        await WarmUpAsync(connector, echoUri, settings, cancellationToken).ConfigureAwait(false);
        var before = Sample(target.ProcessId);

        progress($"{target.Name}: opening {settings.Tunnels:N0} idle tunnels");
        await using var idle = await TunnelPool.OpenAsync(connector, echoUri, settings.Tunnels, BenchSettings.ConnectConcurrency, cancellationToken).ConfigureAwait(false);
        await Task.Delay(BenchSettings.Settle, cancellationToken).ConfigureAwait(false);
        var held = Sample(target.ProcessId);

        progress($"{target.Name}: {idle.Sockets.Count:N0} held; echo {settings.MessagesPerSecond:N0} msg/s of {settings.MessageBytes} B over {settings.EchoConnections} connections");
        await using var echoPool = await TunnelPool.OpenAsync(connector, echoUri, settings.EchoConnections, BenchSettings.ConnectConcurrency, cancellationToken).ConfigureAwait(false);
        var echoSockets = echoPool.Sockets.ToList();
        await EchoLoad.RunAsync(echoSockets, settings.MessagesPerSecond, settings.MessageBytes, settings.Warmup, cancellationToken).ConfigureAwait(false);

        var targetStart = Sample(target.ProcessId);
        var backendStart = ProcessSample.Read(backendProcessId);
        var generatorStart = ProcessSample.Read(Environment.ProcessId);
        var echo = await EchoLoad.RunAsync(echoSockets, settings.MessagesPerSecond, settings.MessageBytes, settings.Duration, cancellationToken).ConfigureAwait(false);
        var targetEnd = Sample(target.ProcessId);
        var backendEnd = ProcessSample.Read(backendProcessId);
        var generatorEnd = ProcessSample.Read(Environment.ProcessId);

        progress($"{target.Name}: verifying the held tunnels");
        var alive = await idle.VerifyAliveAsync(BenchSettings.ConnectConcurrency, cancellationToken).ConfigureAwait(false);
        var failures = idle.Failures.Concat(echoPool.Failures).Concat(echo.FirstError is { } error ? [new KeyValuePair<string, int>(error, echo.Errors)] : [])
            .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value));
        var messages = Math.Max(1, echo.Received);
        return new TargetResult(
            target,
            idle.Sockets.Count,
            settings.Tunnels - idle.Sockets.Count,
            alive,
            before is { } b && held is { } h && idle.Sockets.Count > 0 ? (double)(h.RssBytes - b.RssBytes) / idle.Sockets.Count : null,
            targetStart is { } ts && targetEnd is { } te ? PerMessage(te.CpuTime - ts.CpuTime, messages) : null,
            PerMessage(backendEnd.CpuTime - backendStart.CpuTime, messages),
            PerMessage(generatorEnd.CpuTime - generatorStart.CpuTime, messages),
            echo,
            failures);
    }

    /// <summary>
    /// Opens and closes a few tunnels with some echo traffic first, so the target's one-time costs (code compiled on
    /// first use, pools, threads) are not counted as the cost of the held tunnels.
    /// </summary>
    private static async Task WarmUpAsync(SourceAddressConnector connector, Uri echoUri, BenchSettings settings, CancellationToken cancellationToken)
    {
        await using (var warm = await TunnelPool.OpenAsync(connector, echoUri, Math.Min(settings.Tunnels, 200), BenchSettings.ConnectConcurrency, cancellationToken).ConfigureAwait(false))
        {
            await EchoLoad.RunAsync([.. warm.Sockets], settings.MessagesPerSecond, settings.MessageBytes, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }

        await Task.Delay(BenchSettings.Settle, cancellationToken).ConfigureAwait(false);
    }

    private static ProcessSample? Sample(int? processId) => processId is { } id ? ProcessSample.Read(id) : null;

    private static double PerMessage(TimeSpan cpu, long messages) => cpu.TotalMicroseconds / messages;
}
