namespace WsProxyLab.Troubleshooting.Lint.Nginx;

/// <summary>One nginx directive: its name, arguments (quotes removed), block (null for a simple directive) and place.</summary>
public sealed class NginxDirective
{
    private readonly List<NginxDirective> _children = [];

    internal NginxDirective(string name, IReadOnlyList<string> arguments, bool isBlock, SourceLocation location, NginxDirective? parent)
    {
        Name = name;
        Arguments = arguments;
        IsBlock = isBlock;
        Location = location;
        Parent = parent;
    }

    /// <summary>The directive's name (<c>location</c>, <c>proxy_pass</c>).</summary>
    public string Name { get; }

    /// <summary>The words after the name, unquoted.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>True for a directive with a <c>{ … }</c> block.</summary>
    public bool IsBlock { get; }

    /// <summary>The directives in its block, includes spliced in.</summary>
    public IReadOnlyList<NginxDirective> Children => _children;

    /// <summary>Where it was written.</summary>
    public SourceLocation Location { get; }

    /// <summary>The block it is in; null at the top of the configuration.</summary>
    public NginxDirective? Parent { get; }

    /// <summary>The first argument, or empty.</summary>
    public string FirstArgument => Arguments.Count > 0 ? Arguments[0] : string.Empty;

    internal void Add(NginxDirective child) => _children.Add(child);

    /// <summary>The directives named <paramref name="name"/> directly in this block.</summary>
    public IEnumerable<NginxDirective> Named(string name) => _children.Where(child => child.Name == name);

    /// <summary>The blocks this one is inside, innermost first, this one included.</summary>
    public IEnumerable<NginxDirective> SelfAndAncestors()
    {
        for (var block = this; block is not null; block = block.Parent)
        {
            yield return block;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Arguments.Count == 0 ? Name : $"{Name} {string.Join(' ', Arguments)}";
}
