namespace WsProxyLab.Troubleshooting.Lint.Nginx;

/// <summary>A word or one of nginx's three punctuation marks, with its line.</summary>
internal readonly record struct NginxToken(NginxTokenKind Kind, string Text, int Line);

/// <summary>What an <see cref="NginxToken"/> is.</summary>
internal enum NginxTokenKind
{
    /// <summary>A word or a quoted string.</summary>
    Word,

    /// <summary><c>;</c>: the end of a simple directive.</summary>
    Semicolon,

    /// <summary><c>{</c>: a block opens.</summary>
    OpenBrace,

    /// <summary><c>}</c>: a block closes.</summary>
    CloseBrace,
}
