namespace WsProxyLab.LoadTests.Soak;

/// <summary>
/// A least-squares line through one figure's minutes: its slope per minute, and whether the rise it amounts to over
/// the run exceeds the noise (three times the residuals' standard deviation, or 2 % of the mean, the larger). A leak
/// rises; a fall (a compacting GC handing memory back) is no leak.
/// </summary>
internal sealed record SoakTrend(double SlopePerMinute, double Mean, double ResidualDeviation, double Drift)
{
    public bool Grows => Drift > Math.Max(3 * ResidualDeviation, 0.02 * Math.Abs(Mean));

    public static SoakTrend Of(IReadOnlyList<(double Minute, double Value)> points)
    {
        if (points.Count < 2)
        {
            return new SoakTrend(0, points.Count == 0 ? 0 : points[0].Value, 0, 0);
        }

        var meanX = points.Average(point => point.Minute);
        var meanY = points.Average(point => point.Value);
        var covariance = points.Sum(point => (point.Minute - meanX) * (point.Value - meanY));
        var variance = points.Sum(point => (point.Minute - meanX) * (point.Minute - meanX));
        var slope = variance == 0 ? 0 : covariance / variance;
        var residuals = points.Select(point => point.Value - (meanY + (slope * (point.Minute - meanX)))).ToList();
        var deviation = Math.Sqrt(residuals.Sum(residual => residual * residual) / Math.Max(1, points.Count - 2));
        var span = points.Max(point => point.Minute) - points.Min(point => point.Minute);
        return new SoakTrend(slope, meanY, deviation, slope * span);
    }
}
