namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>One line of doctor's checklist: what was checked, how it came out, what was seen, and for a problem its likely cause and fix.</summary>
public sealed record DoctorCheck(string Group, string Name, CheckStatus Status, string Seen, string? Cause = null, string? Fix = null)
{
    /// <summary>A passed check.</summary>
    public static DoctorCheck Pass(string group, string name, string seen) => new(group, name, CheckStatus.Pass, seen);

    /// <summary>A check with a caveat.</summary>
    public static DoctorCheck Warn(string group, string name, string seen, string? cause, string? fix) => new(group, name, CheckStatus.Warn, seen, cause, fix);

    /// <summary>A failed check.</summary>
    public static DoctorCheck Fail(string group, string name, string seen, string? cause, string? fix) => new(group, name, CheckStatus.Fail, seen, cause, fix);
}
