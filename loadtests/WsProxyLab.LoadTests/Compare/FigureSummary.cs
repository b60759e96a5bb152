namespace WsProxyLab.LoadTests.Compare;

/// <summary>A figure over the repeats: the median and the range.</summary>
internal sealed record FigureSummary(string Name, string Unit, bool IsLatency, double Median, double Min, double Max, int Repeats)
{
    /// <summary>Summarises each figure name over <paramref name="runs"/>, in the order the first run lists them.</summary>
    public static IReadOnlyList<FigureSummary> Of(IEnumerable<CellRun> runs)
    {
        var all = runs.SelectMany(run => run.Figures).ToList();
        return [.. all.GroupBy(figure => figure.Name, StringComparer.Ordinal).Select(group =>
        {
            var values = group.Select(figure => figure.Value).Order().ToList();
            var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
            return new FigureSummary(group.Key, group.First().Unit, group.First().IsLatency, median, values[0], values[^1], values.Count);
        })];
    }
}
