namespace WsProxyLab.Load.Running;

/// <summary>One second of a scenario's measured run, and of the generator itself.</summary>
/// <param name="Second">Seconds since the measured run began (the sample covers the second before it).</param>
/// <param name="InFlight">Invocations under way when sampled (for a closed model, the copies at work).</param>
/// <param name="Ok">Invocations that succeeded in the second.</param>
/// <param name="Failed">Invocations that failed in the second.</param>
/// <param name="P99Microseconds">The 99th percentile of the second's successful invocations; 0 without any.</param>
/// <param name="GeneratorCpuPercent">The generator process's CPU in the second, in percent of one core (200 % is two cores busy).</param>
/// <param name="GeneratorWorkingSetBytes">The generator's working set.</param>
/// <param name="GeneratorGcPauseMilliseconds">Time the generator's GC paused it in the second.</param>
/// <param name="ThreadPoolQueueLength">Work items waiting for the generator's thread pool.</param>
/// <param name="ConnectionsHeld">WebSocket sessions open when sampled.</param>
/// <param name="MessagesSent">WebSocket messages sent in the second.</param>
/// <param name="MessagesReceived">WebSocket messages received in the second.</param>
public sealed record TimelineSample(
    int Second,
    long InFlight,
    long Ok,
    long Failed,
    long P99Microseconds,
    double GeneratorCpuPercent,
    long GeneratorWorkingSetBytes,
    double GeneratorGcPauseMilliseconds,
    long ThreadPoolQueueLength,
    long ConnectionsHeld,
    long MessagesSent,
    long MessagesReceived);
