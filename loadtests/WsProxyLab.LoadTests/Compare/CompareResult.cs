using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>A whole comparison: every measurement of a suite against every target, and what was said about them.</summary>
internal sealed class CompareResult(CompareSuite suite, IReadOnlyList<string> targets, int repeats, DateTimeOffset startedAt)
{
    /// <summary>The version of the JSON report's shape; bumped on every incompatible change.</summary>
    public const int SchemaVersion = 1;

    public CompareSuite Suite => suite;

    public IReadOnlyList<string> Targets => targets;

    public int Repeats => repeats;

    public DateTimeOffset StartedAt => startedAt;

    public TimeSpan WallTime { get; set; }

    /// <summary>Why the run stopped before its end (Ctrl+C), or null when it ran every cell.</summary>
    public string? Partial { get; set; }

    /// <summary>Where nginx and HAProxy ran: host processes or containers.</summary>
    public string PeerMode { get; init; } = "host processes";

    /// <summary>Why each target that could not start with the base profile did not, by target.</summary>
    public Dictionary<string, string> Unavailable { get; } = new(StringComparer.Ordinal);

    /// <summary>Each target's process id for the base profile (or "container" details), by target.</summary>
    public Dictionary<string, string> TargetDetails { get; } = new(StringComparer.Ordinal);

    /// <summary>The cells, by measurement then target.</summary>
    public Dictionary<string, Dictionary<string, CellResult>> Cells { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Variant, CapabilityMatrix Matrix)> Capabilities { get; set; } = [];

    public IReadOnlyList<CompareThresholdResult> Thresholds { get; set; } = [];

    /// <summary>Each figure's change against an earlier run's JSON, when one was given.</summary>
    public BaselineComparison? Baseline { get; set; }

    public CellResult Cell(string measurement, string target)
    {
        if (!Cells.TryGetValue(measurement, out var row))
        {
            Cells[measurement] = row = new Dictionary<string, CellResult>(StringComparer.Ordinal);
        }

        return row.TryGetValue(target, out var cell) ? cell : row[target] = new CellResult(measurement, target);
    }

    /// <summary>Why a run does not count (a saturated generator, a measurement that could not run), one line each.</summary>
    public IReadOnlyList<string> InvalidReasons => [.. Cells.Values.SelectMany(row => row.Values)
        .SelectMany(cell => cell.Runs.Where(run => run.Invalid is not null).Select(run => $"{cell.Measurement} / {cell.Target} (repeat {run.Repeat}): {run.Invalid}"))];

    /// <summary>The median of a figure in a cell that was measured, or null.</summary>
    public double? Median(string measurement, string target, string figure) =>
        Cells.TryGetValue(measurement, out var row) && row.TryGetValue(target, out var cell) ? cell.Median(figure) : null;

    /// <summary>A figure's median over a baseline target's, or null when either is missing or the baseline's is zero.</summary>
    public double? Ratio(string measurement, string target, string figure, string baseline) =>
        Median(measurement, target, figure) is { } value && Median(measurement, baseline, figure) is { } divisor && divisor != 0 && !double.IsInfinity(divisor)
            ? value / divisor
            : null;
}
