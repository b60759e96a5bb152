using Microsoft.Extensions.FileSystemGlobbing;

namespace WsProxyLab.Troubleshooting.Lint.Nginx;

/// <summary>
/// Parses nginx's block-and-directive grammar into a tree with file and line on every directive. <c>include</c> is
/// followed where it stands, with glob patterns, relative to the main file's directory as nginx resolves it (its
/// configuration prefix); errors are worded as <c>nginx -t</c> words them.
/// </summary>
public static class NginxParser
{
    private const int MaxIncludeDepth = 16;

    /// <summary>Parses the file at <paramref name="path"/> and everything it includes.</summary>
    /// <exception cref="ConfigSyntaxException">The text does not parse, or an include cannot be read.</exception>
    public static NginxConfig ParseFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var state = new ParseState(Path.GetDirectoryName(fullPath)!);
        var main = new NginxDirective(string.Empty, [], isBlock: true, new SourceLocation(fullPath, 0), parent: null);
        ParseInto(main, File.ReadAllText(fullPath), fullPath, state, depth: 0);
        return new NginxConfig(main, state.Files);
    }

    /// <summary>Parses <paramref name="text"/> as if read from <paramref name="file"/> (includes resolved beside it).</summary>
    public static NginxConfig ParseText(string text, string file)
    {
        var fullPath = Path.GetFullPath(file);
        var state = new ParseState(Path.GetDirectoryName(fullPath)!);
        var main = new NginxDirective(string.Empty, [], isBlock: true, new SourceLocation(fullPath, 0), parent: null);
        ParseInto(main, text, fullPath, state, depth: 0);
        return new NginxConfig(main, state.Files);
    }

    private static void ParseInto(NginxDirective context, string text, string file, ParseState state, int depth)
    {
        state.Files.Add(file);
        using var tokens = NginxTokenizer.Tokenize(text, file).GetEnumerator();
        var block = context;
        var words = new List<NginxToken>();
        var lastLine = 1;
        while (tokens.MoveNext())
        {
            var token = tokens.Current;
            lastLine = token.Line;
            switch (token.Kind)
            {
                case NginxTokenKind.Word:
                    words.Add(token);
                    break;
                case NginxTokenKind.Semicolon:
                    var simple = Directive(words, isBlock: false, file, token, block);
                    if (simple.Name == "include")
                    {
                        Include(block, simple, state, depth);
                    }
                    else
                    {
                        block.Add(simple);
                    }

                    words.Clear();
                    break;
                case NginxTokenKind.OpenBrace:
                    var opened = Directive(words, isBlock: true, file, token, block);
                    block.Add(opened);
                    block = opened;
                    words.Clear();
                    break;
                case NginxTokenKind.CloseBrace:
                    if (words.Count > 0)
                    {
                        throw new ConfigSyntaxException($"unexpected \"}}\" (directive \"{words[0].Text}\" is not terminated by \";\")", new SourceLocation(file, token.Line));
                    }

                    if (block == context)
                    {
                        throw new ConfigSyntaxException("unexpected \"}\"", new SourceLocation(file, token.Line));
                    }

                    block = block.Parent!;
                    break;
            }
        }

        if (words.Count > 0)
        {
            throw new ConfigSyntaxException("unexpected end of file, expecting \";\" or \"}\"", new SourceLocation(file, lastLine));
        }

        if (block != context)
        {
            throw new ConfigSyntaxException($"unexpected end of file, expecting \"}}\" (the \"{block.Name}\" block opened on line {block.Location.Line})", new SourceLocation(file, lastLine));
        }
    }

    private static NginxDirective Directive(List<NginxToken> words, bool isBlock, string file, NginxToken end, NginxDirective parent)
    {
        if (words.Count == 0)
        {
            throw new ConfigSyntaxException($"unexpected \"{end.Text}\"", new SourceLocation(file, end.Line));
        }

        return new NginxDirective(words[0].Text, [.. words.Skip(1).Select(word => word.Text)], isBlock, new SourceLocation(file, words[0].Line), parent);
    }

    private static void Include(NginxDirective block, NginxDirective include, ParseState state, int depth)
    {
        if (include.Arguments.Count != 1)
        {
            throw new ConfigSyntaxException("invalid number of arguments in \"include\" directive", include.Location);
        }

        if (depth >= MaxIncludeDepth)
        {
            throw new ConfigSyntaxException($"include nested deeper than {MaxIncludeDepth} files (an include cycle?)", include.Location);
        }

        var pattern = include.FirstArgument;
        var fullPattern = Path.IsPathRooted(pattern) ? pattern : Path.Combine(state.Prefix, pattern);
        foreach (var file in Resolve(fullPattern, include.Location))
        {
            ParseInto(block, ReadIncluded(file, include.Location), file, state, depth + 1);
        }
    }

    private static List<string> Resolve(string fullPattern, SourceLocation location)
    {
        if (fullPattern.IndexOfAny(['*', '?', '[']) < 0)
        {
            return [fullPattern];
        }

        // A glob matching nothing is not an error in nginx; files come in sorted order, as glob(3) gives them.
        var root = Path.GetDirectoryName(fullPattern)!;
        while (root.IndexOfAny(['*', '?', '[']) >= 0)
        {
            root = Path.GetDirectoryName(root)!;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(Path.GetRelativePath(root, fullPattern));
        if (!Directory.Exists(root))
        {
            return [];
        }

        try
        {
            return matcher.GetResultsInFullPath(root).Order(StringComparer.Ordinal).ToList();
        }
        catch (IOException exception)
        {
            throw new ConfigSyntaxException($"glob() \"{fullPattern}\" failed: {exception.Message}", location);
        }
    }

    private static string ReadIncluded(string file, SourceLocation location)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var reason = exception is FileNotFoundException or DirectoryNotFoundException ? "2: No such file or directory" : exception.Message;
            throw new ConfigSyntaxException($"open() \"{file}\" failed ({reason})", location);
        }
    }

    private sealed class ParseState(string prefix)
    {
        public string Prefix { get; } = prefix;

        public List<string> Files { get; } = [];
    }
}
