namespace WsProxyLab.Troubleshooting.Lint.Nginx;

/// <summary>A parsed nginx configuration: the main context's directives, includes spliced in, and the files read.</summary>
public sealed class NginxConfig
{
    internal NginxConfig(NginxDirective main, IReadOnlyList<string> files)
    {
        Main = main;
        Files = files;
    }

    /// <summary>The main context, a block without a name of its own.</summary>
    public NginxDirective Main { get; }

    /// <summary>The main file first, then every included file in the order read.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Every directive at any depth, in file order.</summary>
    public IEnumerable<NginxDirective> All() => Descendants(Main);

    private static IEnumerable<NginxDirective> Descendants(NginxDirective block)
    {
        foreach (var child in block.Children)
        {
            yield return child;
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
