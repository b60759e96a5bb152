namespace WsProxyLab.Bench.Engine;

/// <summary>The engine benchmark's parameters, from the command line.</summary>
internal sealed record EngineBenchSettings(
    int HoldConnections,
    int EchoConnections,
    int MessagesPerSecond,
    int MessageBytes,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Repeats,
    string OutputPath)
{
    /// <summary>The small hold whose working set is subtracted, so the per-connection figure leaves out the runtime.</summary>
    public const int BaselineConnections = 100;

    public static readonly TimeSpan HoldDuration = TimeSpan.FromSeconds(8);
}
