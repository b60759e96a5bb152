using System.Globalization;
using System.Text;

namespace WsProxyLab.Bench.Engine;

/// <summary>The engine benchmark's Markdown report: each figure beside its target, medians over the repeats.</summary>
internal static class EngineBenchReport
{
    public const double MaxKibPerConnection = 12;
    public const double MaxP50Microseconds = 400;
    public const double MaxCpuMicrosecondsPerMessage = 100;
    public const double MaxDisagreement = 0.20;

    public static string Render(EngineBenchSettings settings, IReadOnlyList<HoldFigures> holds, IReadOnlyList<EchoFigures> echoes, DateTimeOffset startedAt)
    {
        var baseline = holds[0];
        var large = holds[^1];
        var perConnectionKib = (large.WorkingSetBytes - baseline.WorkingSetBytes) / 1024.0 / Math.Max(1, large.Held - baseline.Held);
        var engine = echoes.Where(echo => echo.Client == "engine").ToList();
        var independent = echoes.Where(echo => echo.Client == "independent").ToList();
        var corrected = Median(engine.Select(echo => echo.CorrectedP50Microseconds!.Value));
        var raw = Median(engine.Select(echo => echo.RawP50Microseconds));
        var cpu = Median(engine.Select(echo => echo.CpuMicrosecondsPerMessage));
        var independentP50 = Median(independent.Select(echo => echo.RawP50Microseconds));
        var disagreement = Math.Abs(raw - independentP50) / independentP50;
        var correctedDisagreement = Math.Abs(corrected - independentP50) / independentP50;

        var text = new StringBuilder();
        text.AppendLine(Invariant($"# Load engine benchmark, {startedAt:yyyy-MM-dd HH:mm} UTC"));
        text.AppendLine();
        text.AppendLine(Invariant($"{Environment.ProcessorCount} cores; the runner (`loadtests/WsProxyLab.LoadTests`, Release) against the echo backend directly on loopback. Memory: `hold` with no heartbeat, {baseline.Asked:N0} then {large.Asked:N0} connections, {EngineBenchSettings.HoldDuration.TotalSeconds:0} s each; per connection is the difference of the runner's median working set over the difference of connections held, so the runtime's own footprint is left out. Echo: `echo-latency`, {settings.EchoConnections:N0} held connections, {settings.MessagesPerSecond:N0} messages/s of {settings.MessageBytes} B for {settings.Duration.TotalSeconds:0} s after {settings.Warmup.TotalSeconds:0} s of warm-up, then the independent client (`bench/WsProxyLab.EchoClient`: plain `ClientWebSocket`, send then receive, no engine code) with the same connections, rate and pacing; {settings.Repeats} repeat(s), taking turns; medians."));
        text.AppendLine();
        text.AppendLine("| figure | measured | target | met |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(Invariant($"| connections held by one runner | {large.Held:N0} of {large.Asked:N0}, {large.Dropped} dropped | {large.Asked:N0}, none dropped | {Mark(large.Held == large.Asked && large.Dropped == 0)} |"));
        text.AppendLine(Invariant($"| RSS per held connection | {perConnectionKib:0.0} KiB ({baseline.WorkingSetBytes / 1048576.0:0.0} MiB at {baseline.Held:N0}, {large.WorkingSetBytes / 1048576.0:0.0} MiB at {large.Held:N0}; {large.WorkingSetBytes / 1024.0 / Math.Max(1, large.Held):0.0} KiB with the runtime) | ≤ {MaxKibPerConnection} KiB | {Mark(perConnectionKib <= MaxKibPerConnection)} |"));
        text.AppendLine(Invariant($"| round trip p50, from the intended send time | {corrected:0} µs | ≤ {MaxP50Microseconds} µs | {Mark(corrected <= MaxP50Microseconds)} |"));
        text.AppendLine(Invariant($"| round trip p50, from the actual send | {raw:0} µs | ≤ {MaxP50Microseconds} µs | {Mark(raw <= MaxP50Microseconds)} |"));
        text.AppendLine(Invariant($"| runner CPU per message | {cpu:0} µs | ≤ {MaxCpuMicrosecondsPerMessage} µs | {Mark(cpu <= MaxCpuMicrosecondsPerMessage)} |"));
        text.AppendLine(Invariant($"| independent client p50 (from the actual send) | {independentP50:0} µs; engine raw {Signed(raw / independentP50 - 1)}, engine corrected {Signed(corrected / independentP50 - 1)} | within ±{MaxDisagreement:P0} | {Mark(disagreement <= MaxDisagreement)} (corrected: {Mark(correctedDisagreement <= MaxDisagreement)}) |"));
        text.AppendLine();
        text.AppendLine("| run | client | messages | failures | p50 from intended | p50 from send | p99 | CPU per message |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        for (var index = 0; index < echoes.Count; index++)
        {
            var echo = echoes[index];
            text.AppendLine(Invariant($"| {(index / 2) + 1} | {echo.Client} | {echo.Messages:N0} | {echo.Failures} | {(echo.CorrectedP50Microseconds is { } p50 ? $"{p50:0} µs" : "—")} | {echo.RawP50Microseconds:0} µs | {echo.P99Microseconds:0} µs | {echo.CpuMicrosecondsPerMessage:0} µs |"));
        }

        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Mark(bool met) => met ? "yes" : "**no**";

    private static string Signed(double ratio) => Invariant($"{(ratio >= 0 ? "+" : string.Empty)}{ratio:P0}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
