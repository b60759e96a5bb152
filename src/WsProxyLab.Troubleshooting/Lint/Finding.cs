namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>One thing lint found: which rule, where, what it means and how to fix it.</summary>
public sealed record Finding(LintRule Rule, SourceLocation Location, string Message, string Fix)
{
    /// <summary>The rule's severity.</summary>
    public Severity Severity => Rule.Severity;
}
