using System.Globalization;
using System.Text;

namespace WsProxyLab.Bench;

/// <summary>
/// The benchmark's Markdown report: per target the medians over repeats, and ratios against nginx, YARP and the direct
/// connection measured in the same run. Memory per tunnel is the first repeat's, when every target is a fresh process:
/// later holds reuse memory the first one freed (nginx's allocator and .NET's heap both keep it), which would understate
/// it. Added latency is taken per repeat against the direct connection measured moments before, then the median.
/// </summary>
internal static class BenchReport
{
    public static string Render(BenchSettings settings, IReadOnlyList<TargetResult> results, DateTimeOffset startedAt)
    {
        var byTarget = settings.Targets.Select(name => results.Where(result => result.Target.Name == name).ToList()).Where(list => list.Count > 0).ToList();
        var directRuns = byTarget.FirstOrDefault(list => list[0].Target.Name == BenchStack.Direct);
        var summaries = byTarget.Select(list => Summarize(list, directRuns)).ToDictionary(summary => summary.Name);
        summaries.TryGetValue(BenchStack.Nginx, out var nginx);
        summaries.TryGetValue(BenchStack.Yarp, out var yarp);

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Tunnel benchmark, {startedAt:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores. Per target: {settings.Tunnels:N0} idle tunnels held, then {settings.MessagesPerSecond:N0} echo messages/s of {settings.MessageBytes} B over {settings.EchoConnections} more connections for {settings.Duration.TotalSeconds:0} s (after {settings.Warmup.TotalSeconds:0} s of warm-up), from {settings.SourceAddresses} client addresses; medians of {settings.Repeats} repeat(s), targets interleaved, except RSS per tunnel, which is the first repeat's (fresh processes; later holds reuse memory the first freed); added latency is per repeat against direct, then the median. Resource figures are the target's process tree read from /proc; CPU per message is per echo round trip (the message relayed both ways). Latency is from the intended send time (coordinated omission corrected).");
        text.AppendLine();
        text.AppendLine("| target | tunnels held / failed / alive at end | RSS per idle tunnel | × nginx | CPU per echo | × nginx | × YARP | RTT p50 | RTT p99 | added p50 over direct | × nginx | rate achieved | backend CPU/msg | generator CPU/msg |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var summary in summaries.Values)
        {
            var added = summary.AddedP50;
            var nginxAdded = nginx?.AddedP50;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {summary.Name} | {summary.Opened:N0} / {summary.Failed:N0} / {summary.Alive:N0} | {Kib(summary.RssPerTunnel)} | {Ratio(summary.RssPerTunnel, nginx?.RssPerTunnel)} | {Micro(summary.Cpu)} | {Ratio(summary.Cpu, nginx?.Cpu)} | {Ratio(summary.Cpu, yarp?.Cpu)} | {Micro(summary.P50)} | {Micro(summary.P99)} | {Signed(added)} | {Ratio(added, nginxAdded)} | {summary.Rate:N0}/s | {Micro(summary.BackendCpu)} | {Micro(summary.GeneratorCpu)} |");
        }

        text.AppendLine();
        var nginxRuns = byTarget.FirstOrDefault(list => list[0].Target.Name == BenchStack.Nginx);
        var yarpRuns = byTarget.FirstOrDefault(list => list[0].Target.Name == BenchStack.Yarp);
        foreach (var (name, list) in byTarget.Select(list => (list[0].Target.Name, list)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- **{name}**: {list[0].Target.Description}. Raw p50 (from the actual send) {Micro(Median(list.Select(r => (double?)r.Echo.Raw.GetValueAtPercentile(50))))}; per repeat: p50 {string.Join(", ", list.Select(r => Micro(r.Echo.Corrected.GetValueAtPercentile(50))))}; RSS per tunnel {string.Join(", ", list.Select(r => Kib(r.RssPerTunnelBytes)))}; CPU per echo {string.Join(", ", list.Select(r => Micro(r.CpuPerMessageMicroseconds)))}{PairedCpuRatios(list, nginxRuns, "nginx")}{PairedCpuRatios(list, yarpRuns, "YARP")}.");
            foreach (var (failure, count) in list.SelectMany(r => r.Failures))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - failure ×{count}: {failure}");
            }
        }

        return text.ToString();
    }

    private static Summary Summarize(List<TargetResult> results, List<TargetResult>? directRuns) => new(
        results[0].Target.Name,
        (int)Median(results.Select(r => (double?)r.TunnelsOpened))!,
        results.Sum(r => r.TunnelsFailed),
        (int)Median(results.Select(r => (double?)r.TunnelsAlive))!,
        results[0].RssPerTunnelBytes,
        Median(results.Select(r => r.CpuPerMessageMicroseconds)),
        Median(results.Select(r => (double?)r.Echo.Corrected.GetValueAtPercentile(50)))!.Value,
        Median(results.Select(r => (double?)r.Echo.Corrected.GetValueAtPercentile(99)))!.Value,
        directRuns is null ? null : Median(results.Zip(directRuns, (target, direct) =>
            (double?)(target.Echo.Corrected.GetValueAtPercentile(50) - direct.Echo.Corrected.GetValueAtPercentile(50)))),
        Median(results.Select(r => (double?)r.Echo.AchievedRate))!.Value,
        Median(results.Select(r => (double?)r.BackendCpuPerMessageMicroseconds)),
        Median(results.Select(r => (double?)r.GeneratorCpuPerMessageMicroseconds)));

    /// <summary>
    /// CPU per echo against <paramref name="baselineRuns"/> repeat by repeat: each pair was measured minutes apart, so
    /// the spread shows how much of a ratio of medians is this VM's drift.
    /// </summary>
    private static string PairedCpuRatios(List<TargetResult> runs, List<TargetResult>? baselineRuns, string baseline) =>
        baselineRuns is null || ReferenceEquals(runs, baselineRuns) || runs.All(run => run.CpuPerMessageMicroseconds is null)
            ? string.Empty
            : $"; CPU × {baseline} per repeat {string.Join(", ", runs.Zip(baselineRuns, (run, other) => Ratio(run.CpuPerMessageMicroseconds, other.CpuPerMessageMicroseconds)))}";

    private static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToList();
        return sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Kib(double? bytes) => bytes is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value / 1024:0.0} KiB") : "—";

    private static string Micro(double? microseconds) => microseconds is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value:0} µs") : "—";

    private static string Signed(double? microseconds) => microseconds is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value:+0;-0;0} µs") : "—";

    private static string Ratio(double? value, double? baseline) =>
        value is { } v && baseline is { } b && b > 0 ? string.Create(CultureInfo.InvariantCulture, $"{v / b:0.00}×") : "—";

    private sealed record Summary(string Name, int Opened, int Failed, int Alive, double? RssPerTunnel, double? Cpu, double P50, double P99, double? AddedP50, double Rate, double? BackendCpu, double? GeneratorCpu);
}
