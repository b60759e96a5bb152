namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>The rules every configuration kind shares.</summary>
public static class LintRules
{
    /// <summary>The configuration does not parse.</summary>
    public static readonly LintRule Syntax = new("syntax", Severity.Error, "the configuration does not parse");
}
