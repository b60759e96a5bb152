namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>What lint found in one configuration: its kind, the files read, and the findings in file order.</summary>
public sealed record LintReport(string File, ConfigKind Kind, IReadOnlyList<string> FilesRead, IReadOnlyList<Finding> Findings)
{
    /// <summary>True when a finding is an error (the lint fails).</summary>
    public bool HasErrors => Findings.Any(finding => finding.Severity == Severity.Error);

    /// <summary>The rules of this kind, for SARIF's rule list.</summary>
    public IReadOnlyList<LintRule> Rules => [LintRules.Syntax, .. Kind == ConfigKind.Nginx ? Nginx.NginxRules.All : Haproxy.HaproxyRules.All];
}
