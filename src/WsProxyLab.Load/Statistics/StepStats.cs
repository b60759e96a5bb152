namespace WsProxyLab.Load.Statistics;

/// <summary>A step's (or a whole scenario's) figures, split into its ok and fail outcomes.</summary>
/// <param name="Name">The step's name (the scenario's own figures are under the scenario's name).</param>
/// <param name="Ok">Successful responses.</param>
/// <param name="Fail">Failed responses.</param>
public sealed record StepStats(string Name, StatsBlock Ok, StatsBlock Fail)
{
    /// <summary>All responses.</summary>
    public long Count => Ok.Count + Fail.Count;

    /// <summary>The share of failed responses, in percent.</summary>
    public double FailPercent => Count == 0 ? 0 : 100.0 * Fail.Count / Count;
}
