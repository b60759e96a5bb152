namespace WsProxyLab.Troubleshooting.Lint.Haproxy;

/// <summary>One keyword line of a section: its words, unquoted, and where it was written.</summary>
public sealed record HaproxyLine(IReadOnlyList<string> Words, SourceLocation Location)
{
    /// <summary>The keyword (<c>timeout</c>, <c>server</c>, <c>option</c>).</summary>
    public string Keyword => Words[0];

    /// <summary>The word at <paramref name="index"/>, or empty.</summary>
    public string Word(int index) => index < Words.Count ? Words[index] : string.Empty;
}
