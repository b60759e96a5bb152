namespace WsProxyLab.Load.Thresholds;

/// <summary>One threshold's verdict.</summary>
/// <param name="Description">The threshold.</param>
/// <param name="Passed">Whether the figures met it.</param>
/// <param name="Actual">The compared value (latencies in microseconds); NaN for thresholds written in code.</param>
/// <param name="Message">Why it failed, or null.</param>
public sealed record ThresholdResult(string Description, bool Passed, double Actual, string? Message);
