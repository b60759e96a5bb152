using WsProxyLab.Load.Running;

namespace WsProxyLab.Load.Thresholds;

/// <summary>k6's exit codes: 0 when every threshold passed, 99 when one was breached, 1 for an error (an unreachable target, bad options).</summary>
public static class ExitCodes
{
    /// <summary>Every threshold passed.</summary>
    public const int Passed = 0;

    /// <summary>The run could not be made.</summary>
    public const int Error = 1;

    /// <summary>A threshold was breached.</summary>
    public const int ThresholdBreached = 99;

    /// <summary>The exit code for a finished run.</summary>
    public static int For(IEnumerable<ScenarioResult> results) =>
        results.Any(result => result.Thresholds.Any(threshold => !threshold.Passed)) ? ThresholdBreached : Passed;
}
