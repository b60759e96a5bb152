namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>Every check doctor made against one endpoint, in the order made.</summary>
public sealed record DoctorReport(Uri Target, DateTimeOffset StartedAt, TimeSpan Elapsed, IReadOnlyList<DoctorCheck> Checks)
{
    /// <summary>True when a check failed: doctor exits non-zero.</summary>
    public bool Failed => Checks.Any(check => check.Status == CheckStatus.Fail);
}
