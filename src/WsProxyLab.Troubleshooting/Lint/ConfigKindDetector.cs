namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>
/// Tells an nginx configuration from a HAProxy one by its content: HAProxy's first keyword opens a section
/// (<c>global</c>, <c>defaults</c>, <c>frontend</c>, …); nginx's text is directives ending in <c>;</c> or opening <c>{</c>.
/// </summary>
public static class ConfigKindDetector
{
    private static readonly string[] HaproxySections = ["global", "defaults", "frontend", "backend", "listen", "resolvers", "peers", "userlist"];

    /// <summary>The kind, or null with <paramref name="why"/> when the text is neither.</summary>
    public static ConfigKind? Detect(string text, out string why)
    {
        ArgumentNullException.ThrowIfNull(text);
        why = string.Empty;
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            why = "it holds NUL bytes (a binary file?)";
            return null;
        }

        var firstWord = text.Split('\n')
            .Select(line => line.Split('#')[0].Trim())
            .Where(line => line.Length > 0)
            .Select(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[0])
            .Select(word => word.TrimEnd(';', '{', '}') is { Length: > 0 } name ? name : word)
            .FirstOrDefault();
        if (firstWord is null)
        {
            why = "it holds no directives (empty, or only comments)";
            return null;
        }

        if (HaproxySections.Contains(firstWord))
        {
            return ConfigKind.Haproxy;
        }

        if ((text.Contains(';', StringComparison.Ordinal) || text.Contains('{', StringComparison.Ordinal)) && IsDirectiveName(firstWord))
        {
            return ConfigKind.Nginx;
        }

        why = $"its first word '{Shorten(firstWord)}' is neither a HAProxy section nor an nginx directive";
        return null;
    }

    private static bool IsDirectiveName(string word) => word.Length > 0 && word.All(character => char.IsAsciiLetterLower(character) || char.IsAsciiDigit(character) || character == '_');

    private static string Shorten(string word) => word.Length <= 40 ? word : word[..40] + "…";
}
