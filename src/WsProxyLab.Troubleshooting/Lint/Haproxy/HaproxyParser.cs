using System.Text;

namespace WsProxyLab.Troubleshooting.Lint.Haproxy;

/// <summary>
/// Parses HAProxy's line grammar: a section keyword opens a section, every other line is a keyword of the section it
/// is in. Words are split as HAProxy splits them: double quotes (with escapes), single quotes (taken as written), a
/// backslash escaping the next character, and <c>#</c> starting a comment outside quotes. Errors are worded as
/// <c>haproxy -c</c> words them. Conditional blocks (<c>.if</c> … <c>.endif</c>) are read as if every branch held.
/// </summary>
public static class HaproxyParser
{
    private static readonly HashSet<string> SectionKeywords =
    [
        "global", "defaults", "frontend", "backend", "listen", "resolvers", "peers", "userlist", "mailers", "program",
        "http-errors", "ring", "cache", "log-forward", "crt-store", "traces",
    ];

    /// <summary>Parses the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigSyntaxException">A line does not parse.</exception>
    public static HaproxyConfig ParseFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        return ParseText(File.ReadAllText(fullPath), fullPath);
    }

    /// <summary>Parses <paramref name="text"/> as if read from <paramref name="file"/>.</summary>
    public static HaproxyConfig ParseText(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sections = new List<HaproxySection>();
        HaproxySection? current = null;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var location = new SourceLocation(file, index + 1);
            var words = Words(lines[index].TrimEnd('\r'), location);
            if (words.Count == 0 || words[0].StartsWith('.'))
            {
                continue;
            }

            if (SectionKeywords.Contains(words[0]))
            {
                var name = words.Count > 1 && words[1] != "from" ? words[1] : string.Empty;
                var fromIndex = words.IndexOf("from");
                var from = fromIndex > 0 && fromIndex + 1 < words.Count ? words[fromIndex + 1] : null;
                current = new HaproxySection(words[0], name, from, location);
                sections.Add(current);
                continue;
            }

            if (current is null)
            {
                throw new ConfigSyntaxException($"unknown keyword '{words[0]}' out of section.", location);
            }

            current.Lines.Add(new HaproxyLine(words, location));
        }

        return new HaproxyConfig(sections, Path.GetFullPath(file));
    }

    private static List<string> Words(string line, SourceLocation location)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var position = 0;
        while (position < line.Length)
        {
            var character = line[position];
            if (character is ' ' or '\t')
            {
                Flush();
                position++;
            }
            else if (character == '#')
            {
                break;
            }
            else if (character == '\\' && position + 1 < line.Length)
            {
                inWord = true;
                word.Append(line[position + 1]);
                position += 2;
            }
            else if (character is '"' or '\'')
            {
                inWord = true;
                var close = Close(line, position, character);
                if (close < 0)
                {
                    throw new ConfigSyntaxException($"unmatched quote at position {position + 1}:\n  {line}", location);
                }

                var quoted = line[(position + 1)..close];
                word.Append(character == '"' ? Unescape(quoted) : quoted);
                position = close + 1;
            }
            else
            {
                inWord = true;
                word.Append(character);
                position++;
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }
    }

    private static int Close(string line, int open, char quote)
    {
        for (var position = open + 1; position < line.Length; position++)
        {
            if (quote == '"' && line[position] == '\\')
            {
                position++;
            }
            else if (line[position] == quote)
            {
                return position;
            }
        }

        return -1;
    }

    private static string Unescape(string quoted)
    {
        var text = new StringBuilder(quoted.Length);
        for (var position = 0; position < quoted.Length; position++)
        {
            if (quoted[position] == '\\' && position + 1 < quoted.Length)
            {
                position++;
                text.Append(quoted[position] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
            }
            else
            {
                text.Append(quoted[position]);
            }
        }

        return text.ToString();
    }
}
