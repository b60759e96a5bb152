using WsProxyLab.Load.Running;

namespace WsProxyLab.LoadTests.Soak;

/// <summary>One target's soak: its minutes, the load's results, and the tunnels the proxy still listed once every client had gone.</summary>
internal sealed record SoakTargetResult(string Target, IReadOnlyList<SoakSample> Minutes, IReadOnlyList<ScenarioResult> Load, int? TunnelsLeftAfter)
{
    /// <summary>The minutes that count for the trends: after the first, when the held connections have all been opened and the heap has settled.</summary>
    public IReadOnlyList<SoakSample> Settled => [.. Minutes.Where(sample => sample.Minute >= 1)];

    public SoakTrend Rss => SoakTrend.Of([.. Settled.Select(sample => (sample.Minute, sample.RssMiB))]);

    public SoakTrend OpenFiles => SoakTrend.Of([.. Settled.Select(sample => (sample.Minute, (double)sample.OpenFiles))]);
}

/// <summary>The whole soak: its settings and each target's result.</summary>
internal sealed record SoakResult(DateTimeOffset StartedAt, TimeSpan Duration, int Held, int Rate, int Churn, IReadOnlyList<SoakTargetResult> Targets)
{
    public string? Partial { get; init; }
}
