using System.Text.Json;
using System.Text.Json.Serialization;

namespace WsProxyLab.LoadTests.Compare.Reports;

/// <summary>
/// The whole run as versioned JSON (<see cref="CompareResult.SchemaVersion"/>): every cell's summary and every repeat
/// with its figures, its latency histogram in HdrHistogram's encoding, the target's timeline and the engine's results.
/// </summary>
internal static class CompareJsonReport
{
    public const string Kind = "wsproxylab-compare";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Render(CompareResult run)
    {
        var rows = CompareRow.All(run);
        var document = new
        {
            kind = Kind,
            schemaVersion = CompareResult.SchemaVersion,
            suite = run.Suite.Name,
            description = run.Suite.Description,
            startedAt = run.StartedAt,
            wallTimeSeconds = run.WallTime.TotalSeconds,
            partial = run.Partial,
            repeats = run.Repeats,
            peerMode = run.PeerMode,
            machine = new { processors = Environment.ProcessorCount, os = Environment.OSVersion.VersionString, runtime = Environment.Version.ToString() },
            scale = run.Suite.Scale,
            targets = run.Targets.Select(target => new
            {
                name = target,
                available = !run.Unavailable.ContainsKey(target),
                reason = run.Unavailable.GetValueOrDefault(target),
                details = run.TargetDetails.GetValueOrDefault(target),
            }),
            measurements = run.Suite.Measurements.Select(measurement => new
            {
                name = measurement.Name,
                concern = measurement.Concern,
                description = measurement.Description,
                variant = measurement.Variant.Name,
                latencyStep = measurement.LatencyStep,
                cells = run.Targets.Select(target => run.Cell(measurement.Name, target)).Select(cell => new
                {
                    target = cell.Target,
                    status = cell.Status.ToString(),
                    reason = cell.Reason,
                    summary = rows.Where(row => row.Measurement == measurement && row.Target == cell.Target).Select(row => new
                    {
                        name = row.Figure.Name,
                        unit = row.Figure.Unit,
                        median = row.Figure.Median,
                        min = row.Figure.Min,
                        max = row.Figure.Max,
                        repeats = row.Figure.Repeats,
                        vsDirect = row.VsDirect,
                        vsNginx = row.VsNginx,
                        addedOverDirect = row.AddedOverDirect,
                        baselineChangePercent = row.BaselineChangePercent,
                    }),
                    runs = cell.Runs.Select(cellRun => new
                    {
                        repeat = cellRun.Repeat,
                        invalid = cellRun.Invalid,
                        figures = cellRun.Figures,
                        histograms = cellRun.Histograms,
                        distributions = cellRun.Distributions,
                        generatorCpuPercent = cellRun.GeneratorCpuPercent,
                        targetTimeline = cellRun.Timeline,
                        scenarios = cellRun.Scenarios,
                    }),
                }),
            }),
            matrices = CompareMatrix.Of(run).Select(matrix => new
            {
                title = matrix.Title,
                targets = matrix.Targets,
                rows = matrix.Rows.Select(row => new { @case = row.Case, measurement = row.Measurement, answers = row.Answers }),
            }),
            capabilities = run.Capabilities.Select(capability => new
            {
                variant = capability.Variant,
                notes = capability.Matrix.Notes.Select(note => new { target = note.Target, feature = note.Feature, support = note.Support.ToString(), detail = note.Detail }),
            }),
            thresholds = run.Thresholds,
            invalid = run.InvalidReasons,
            baseline = run.Baseline is null ? null : new { path = run.Baseline.Path, startedAt = run.Baseline.StartedAt },
        };
        return JsonSerializer.Serialize(document, Options);
    }
}
