namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>A check lint makes: a stable id (for SARIF and suppressions), its severity, and a one-line title.</summary>
public sealed record LintRule(string Id, Severity Severity, string Title);
