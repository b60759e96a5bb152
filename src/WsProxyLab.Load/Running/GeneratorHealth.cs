using System.Globalization;

namespace WsProxyLab.Load.Running;

/// <summary>
/// Whether the generator itself limited the run: a generator that spent 3 or more seconds with its CPU above 90 % of all
/// cores, or with a thread-pool queue above 1,000 work items, measured itself, and the run is flagged invalid.
/// </summary>
public static class GeneratorHealth
{
    private const double SaturatedCpuShare = 0.9;
    private const long SaturatedQueue = 1_000;
    private const int SaturatedSeconds = 3;

    /// <summary>Why the run is invalid, or null when the generator kept up.</summary>
    public static string? WhySaturated(IReadOnlyList<TimelineSample> timeline, int processorCount)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var cpuLimit = 100.0 * processorCount * SaturatedCpuShare;
        var busyCpu = timeline.Count(sample => sample.GeneratorCpuPercent > cpuLimit);
        var longQueue = timeline.Count(sample => sample.ThreadPoolQueueLength > SaturatedQueue);
        if (busyCpu >= SaturatedSeconds)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the generator's CPU was above {cpuLimit:0} % for {busyCpu} s (of {processorCount} cores); it measured itself, not the target");
        }

        return longQueue >= SaturatedSeconds
            ? string.Create(CultureInfo.InvariantCulture, $"the generator's thread-pool queue was above {SaturatedQueue} for {longQueue} s; its timings include its own queueing")
            : null;
    }
}
