namespace WsProxyLab.LoadTests.Compare;

/// <summary>One measurement against one target over every repeat.</summary>
internal sealed class CellResult(string measurement, string target)
{
    private readonly List<CellRun> _runs = [];

    public string Measurement => measurement;

    public string Target => target;

    public CellStatus Status { get; private set; } = CellStatus.Measured;

    /// <summary>Why the cell has no figures (unavailable, not applicable, failed); null when measured.</summary>
    public string? Reason { get; private set; }

    public IReadOnlyList<CellRun> Runs => _runs;

    /// <summary>Medians and ranges over the runs.</summary>
    public IReadOnlyList<FigureSummary> Summary => FigureSummary.Of(_runs);

    /// <summary>The median of <paramref name="figure"/>, or null when the cell has none.</summary>
    public double? Median(string figure) => Summary.FirstOrDefault(summary => summary.Name == figure)?.Median;

    public void Add(CellRun run) => _runs.Add(run);

    public void MarkNotMeasured(CellStatus status, string reason)
    {
        if (_runs.Count == 0)
        {
            Status = status;
            Reason = reason;
        }
    }
}
