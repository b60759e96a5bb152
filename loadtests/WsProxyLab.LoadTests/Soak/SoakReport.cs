using System.Globalization;
using System.Text;
using System.Text.Json;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.LoadTests.Soak;

/// <summary>The soak as Markdown (a summary row per target, then each target's minutes) and as JSON with every sample.</summary>
internal static class SoakReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<IReadOnlyList<string>> WriteAsync(SoakResult soak, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var markdown = Path.Combine(directory, "soak.md");
        var json = Path.Combine(directory, "soak.json");
        await File.WriteAllTextAsync(markdown, Markdown(soak), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new
        {
            kind = "wsproxylab-soak",
            soak.StartedAt,
            durationMinutes = soak.Duration.TotalMinutes,
            soak.Held,
            soak.Rate,
            soak.Churn,
            soak.Partial,
            targets = soak.Targets.Select(target => new
            {
                target.Target,
                rss = target.Rss,
                rssGrows = target.Rss.Grows,
                openFiles = target.OpenFiles,
                openFilesGrow = target.OpenFiles.Grows,
                target.TunnelsLeftAfter,
                echoesOk = Step(target, "echo").Ok.Count,
                echoesLost = Step(target, "echo").Fail.Count,
                cut = Step(target, "cut").Count,
                handshakes = Step(target, "handshake").Ok.Count,
                handshakesFailed = Step(target, "handshake").Fail.Count,
                target.Minutes,
                scenarios = target.Load,
            }),
        }, Json), cancellationToken).ConfigureAwait(false);
        return [markdown, json];
    }

    public static string Markdown(SoakResult soak)
    {
        var text = new StringBuilder();
        text.Append(Invariant($"## soak: {soak.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {soak.Duration.TotalMinutes:0} min, {soak.Held:N0} held connections per target echoing {soak.Rate:N0} msg/s in turn, {soak.Churn} handshakes/s of churn\n\n"));
        if (soak.Partial is not null)
        {
            text.Append("**Partial:** ").Append(soak.Partial).Append(".\n\n");
        }

        text.Append("Trends are least-squares slopes over the minutes after the first; a figure grows when its rise over the run is more than 3 residual standard deviations and 2 % of the mean (a fall is no leak). ")
            .Append(Invariant($"All targets ran at once on {Environment.ProcessorCount} cores, each with its own connections, beside the generator and the replicas.\n\n"));
        text.Append("| target | RSS first → last (MiB) | RSS slope (MiB/min) | RSS grows | open files first → last | files slope (/min) | files grow | tunnels listed (min–max) | tunnels left after | GC paused (ms, all / per min) | echoes | lost | cut | handshakes ok / failed |\n")
            .Append("|---|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var target in soak.Targets)
        {
            var settled = target.Settled;
            var tunnels = target.Minutes.Select(sample => sample.Tunnels).OfType<int>().ToList();
            var pauses = target.Minutes.Select(sample => sample.GcPauseSeconds).OfType<double>().ToList();
            var span = settled.Count < 2 ? 0 : settled[^1].Minute - settled[0].Minute;
            text.Append(Invariant($"| {target.Target} | {First(settled, sample => sample.RssMiB):0.0} → {Last(settled, sample => sample.RssMiB):0.0} | {Signed(target.Rss.SlopePerMinute, 2)} | {(target.Rss.Grows ? "**yes**" : "no")} "))
                .Append(Invariant($"| {First(settled, sample => sample.OpenFiles):0} → {Last(settled, sample => sample.OpenFiles):0} | {Signed(target.OpenFiles.SlopePerMinute, 1)} | {(target.OpenFiles.Grows ? "**yes**" : "no")} "))
                .Append(tunnels.Count == 0 ? "| – " : Invariant($"| {tunnels.Min():N0}–{tunnels.Max():N0} "))
                .Append(target.TunnelsLeftAfter is { } left ? Invariant($"| {left} ") : "| – ")
                .Append(pauses.Count < 2 ? "| – " : Invariant($"| {pauses[^1] * 1000:0} / {(span == 0 ? 0 : (pauses[^1] - pauses[0]) * 1000 / span):0.0} "))
                .Append(Invariant($"| {Step(target, "echo").Ok.Count:N0} | {Step(target, "echo").Fail.Count:N0} | {Step(target, "cut").Count:N0} | {Step(target, "handshake").Ok.Count:N0} / {Step(target, "handshake").Fail.Count:N0} |\n"));
        }

        foreach (var target in soak.Targets)
        {
            text.Append("\n### ").Append(target.Target).Append(" by minute\n\n| minute | RSS (MiB) | open files | tunnels | GC paused (ms, all) |\n|---:|---:|---:|---:|---:|\n");
            foreach (var sample in target.Minutes)
            {
                text.Append(Invariant($"| {sample.Minute:0.0} | {sample.RssMiB:0.0} | {sample.OpenFiles} | {(sample.Tunnels is { } tunnels ? tunnels.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {(sample.GcPauseSeconds is { } pause ? (pause * 1000).ToString("0", CultureInfo.InvariantCulture) : "–")} |\n"));
            }
        }

        return text.ToString();
    }

    private static StepStats Step(SoakTargetResult target, string name) =>
        target.Load.SelectMany(result => result.Steps).FirstOrDefault(step => step.Name == name) ?? Compare.MeasurementOutput.EmptyStep(name);

    private static double First(IReadOnlyList<SoakSample> samples, Func<SoakSample, double> value) => samples.Count == 0 ? 0 : value(samples[0]);

    private static double Last(IReadOnlyList<SoakSample> samples, Func<SoakSample, double> value) => samples.Count == 0 ? 0 : value(samples[^1]);

    /// <summary>A slope with its sign; rounded first, since a tiny negative value formatted with sections prints "-+0.0".</summary>
    private static string Signed(double value, int decimals)
    {
        var rounded = Math.Round(value, decimals);
        var format = decimals == 1 ? "+0.0;-0.0;0.0" : "+0.00;-0.00;0.00";
        return (rounded == 0 ? 0 : rounded).ToString(format, CultureInfo.InvariantCulture);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
