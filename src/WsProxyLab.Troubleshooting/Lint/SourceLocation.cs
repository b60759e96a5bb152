namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>Where a directive or finding is: a file and a 1-based line.</summary>
public sealed record SourceLocation(string File, int Line)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}";
}
