using System.Diagnostics;
using WsProxyLab.Load.Running;
using WsProxyLab.Peers.Processes;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>
/// Reads the target's CPU and memory at each second of the primary scenario's measured run, so CPU per unit counts only
/// the measured window (not the connections' opening or the warm-up) and the report can draw the target's timeline.
/// </summary>
internal sealed class UsageSampler(IPeerTarget target)
{
    private readonly List<(long Timestamp, ProcessSample? Usage, TimelineSample Sample)> _points = [];
    private readonly ProcessSample? _before = target.ReadUsage();

    /// <summary>Called by the runner once a second with the primary scenario's sample.</summary>
    public void Record(TimelineSample sample)
    {
        var usage = target.ReadUsage();
        lock (_points)
        {
            _points.Add((Stopwatch.GetTimestamp(), usage, sample));
        }
    }

    /// <summary>The usage over the run that ended with <paramref name="primary"/>.</summary>
    public TargetUsage Finish(ScenarioResult primary)
    {
        var after = target.ReadUsage();
        List<(long Timestamp, ProcessSample? Usage, TimelineSample Sample)> points;
        lock (_points)
        {
            points = [.. _points];
        }

        var timeline = new List<UsagePoint>();
        for (var index = 1; index < points.Count; index++)
        {
            var (previous, current) = (points[index - 1], points[index]);
            var seconds = Math.Max(1e-9, (current.Timestamp - previous.Timestamp) / (double)Stopwatch.Frequency);
            var cpu = current.Usage is { } now && previous.Usage is { } then ? (now.CpuTime - then.CpuTime).TotalSeconds / seconds * 100 : 0;
            timeline.Add(new UsagePoint(current.Sample.Second, cpu, (current.Usage?.RssBytes ?? 0) / 1048576.0, current.Sample.GeneratorCpuPercent));
        }

        if (_before is not { } before || after is not { } end)
        {
            return new TargetUsage(false, 0, primary.Duration.TotalSeconds, primary.Invocations.Ok.Count, 0, 0, timeline);
        }

        var peak = points.Select(point => point.Usage?.RssBytes ?? 0).Append(end.RssBytes).Max();
        if (points.Count >= 2 && points[0].Usage is { } first && points[^1].Usage is { } last)
        {
            var window = (points[^1].Timestamp - points[0].Timestamp) / (double)Stopwatch.Frequency;
            var units = points.Skip(1).Sum(point => point.Sample.Ok);
            return new TargetUsage(true, (last.CpuTime - first.CpuTime).TotalSeconds, window, units, before.RssBytes, peak, timeline);
        }

        return new TargetUsage(true, (end.CpuTime - before.CpuTime).TotalSeconds, primary.Duration.TotalSeconds, primary.Invocations.Ok.Count, before.RssBytes, peak, timeline);
    }
}
