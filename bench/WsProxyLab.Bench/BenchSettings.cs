namespace WsProxyLab.Bench;

/// <summary>The benchmark's parameters, from the command line.</summary>
internal sealed record BenchSettings(
    int Tunnels,
    int MessagesPerSecond,
    int MessageBytes,
    TimeSpan Duration,
    TimeSpan Warmup,
    int EchoConnections,
    IReadOnlyList<string> Targets,
    int Repeats,
    int SourceAddresses,
    string OutputPath)
{
    /// <summary>How long held tunnels are left alone before the target's memory is read.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public const int ConnectConcurrency = 64;
}
