namespace WsProxyLab.LoadTests.Compare;

/// <summary>
/// A target's resources over one measurement, read from /proc (workers included; a container through its main pid):
/// CPU over the measured window and the units of work done in it, resident memory before the load and at its peak.
/// </summary>
/// <param name="Measured">False for the direct baseline, which has no proxy process to read.</param>
/// <param name="CpuSeconds">CPU the target used in the window.</param>
/// <param name="WindowSeconds">How long the window was.</param>
/// <param name="Units">Invocations of the primary scenario that succeeded in the window (messages, handshakes, cycles).</param>
/// <param name="RssBeforeBytes">Resident memory before the scenario opened its connections.</param>
/// <param name="RssPeakBytes">The highest resident memory sampled during the run.</param>
/// <param name="Timeline">Each second of the run: the target's CPU in percent of one core and its resident memory.</param>
internal sealed record TargetUsage(bool Measured, double CpuSeconds, double WindowSeconds, long Units, long RssBeforeBytes, long RssPeakBytes, IReadOnlyList<UsagePoint> Timeline)
{
    /// <summary>CPU microseconds per unit of work, or null without a process or without work.</summary>
    public double? MicrosecondsPerUnit => Measured && Units > 0 ? CpuSeconds * 1e6 / Units : null;
}

/// <summary>One second of a target's run.</summary>
internal sealed record UsagePoint(int Second, double CpuPercent, double RssMiB, double GeneratorCpuPercent);
