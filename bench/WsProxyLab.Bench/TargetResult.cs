namespace WsProxyLab.Bench;

/// <summary>One target's figures in one repeat; resource figures are null for the direct connection (no process of its own).</summary>
internal sealed record TargetResult(
    BenchTarget Target,
    int TunnelsOpened,
    int TunnelsFailed,
    int TunnelsAlive,
    double? RssPerTunnelBytes,
    double? CpuPerMessageMicroseconds,
    double BackendCpuPerMessageMicroseconds,
    double GeneratorCpuPerMessageMicroseconds,
    EchoResult Echo,
    IReadOnlyDictionary<string, int> Failures)
{
    public bool Clean => TunnelsFailed == 0 && TunnelsAlive == TunnelsOpened && Echo.Errors == 0 && Failures.Count == 0;
}
