using System.Text;

namespace WsProxyLab.Troubleshooting.Lint.Nginx;

/// <summary>
/// Splits nginx configuration text into tokens by nginx's own rules (<c>ngx_conf_read_token</c>): whitespace between
/// words, <c>#</c> comments where a word could start, single- and double-quoted strings with backslash escapes, a
/// backslash escaping the next character outside quotes, and <c>${name}</c> variables, whose brace opens no block.
/// </summary>
internal static class NginxTokenizer
{
    public static IEnumerable<NginxToken> Tokenize(string text, string file)
    {
        var line = 1;
        var index = 0;
        while (index < text.Length)
        {
            var character = text[index];
            if (character == '\n')
            {
                line++;
                index++;
            }
            else if (char.IsWhiteSpace(character))
            {
                index++;
            }
            else if (character == '#')
            {
                while (index < text.Length && text[index] != '\n')
                {
                    index++;
                }
            }
            else if (character is ';' or '{' or '}')
            {
                yield return new NginxToken(character switch { ';' => NginxTokenKind.Semicolon, '{' => NginxTokenKind.OpenBrace, _ => NginxTokenKind.CloseBrace }, character.ToString(), line);
                index++;
            }
            else if (character is '"' or '\'')
            {
                var start = line;
                var word = ReadQuoted(text, ref index, ref line, file);
                if (index < text.Length && !char.IsWhiteSpace(text[index]) && text[index] is not (';' or '{' or '}' or ')'))
                {
                    throw new ConfigSyntaxException($"unexpected \"{text[index]}\"", new SourceLocation(file, line));
                }

                yield return new NginxToken(NginxTokenKind.Word, word, start);
            }
            else
            {
                yield return new NginxToken(NginxTokenKind.Word, ReadWord(text, ref index, ref line, file), line);
            }
        }
    }

    private static string ReadQuoted(string text, ref int index, ref int line, string file)
    {
        var quote = text[index];
        var start = line;
        var word = new StringBuilder();
        index++;
        while (index < text.Length && text[index] != quote)
        {
            var character = text[index];
            if (character == '\\' && index + 1 < text.Length)
            {
                var next = text[index + 1];
                word.Append(next switch { '"' or '\'' or '\\' => next.ToString(), 't' => "\t", 'r' => "\r", 'n' => "\n", _ => "\\" + next });
                index += 2;
                continue;
            }

            if (character == '\n')
            {
                line++;
            }

            word.Append(character);
            index++;
        }

        if (index >= text.Length)
        {
            throw new ConfigSyntaxException($"unexpected end of file in a string opened with {quote} on line {start}", new SourceLocation(file, line));
        }

        index++;
        return word.ToString();
    }

    private static string ReadWord(string text, ref int index, ref int line, string file)
    {
        var word = new StringBuilder();
        while (index < text.Length)
        {
            var character = text[index];
            if (char.IsWhiteSpace(character) || character is ';' or '{' or '}')
            {
                break;
            }

            if (character == '\\' && index + 1 < text.Length)
            {
                word.Append(text[index + 1]);
                index += 2;
                continue;
            }

            if (character == '$' && index + 1 < text.Length && text[index + 1] == '{')
            {
                var close = text.IndexOf('}', index + 2);
                if (close < 0 || text.AsSpan(index, close - index).Contains('\n'))
                {
                    throw new ConfigSyntaxException("the closing bracket in a variable name is missing", new SourceLocation(file, line));
                }

                word.Append(text, index, close - index + 1);
                index = close + 1;
                continue;
            }

            word.Append(character);
            index++;
        }

        return word.ToString();
    }
}
