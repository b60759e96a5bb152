namespace WsProxyLab.Troubleshooting.Lint.Nginx;

/// <summary>
/// The value a directive has in a location, by nginx's inheritance: the nearest level (location, server, http) that
/// sets it. Array directives such as <c>proxy_set_header</c> are inherited only into a level that sets none of them.
/// </summary>
internal static class NginxInheritance
{
    /// <summary>The directive named <paramref name="name"/> in force at <paramref name="block"/>, or null for nginx's default.</summary>
    public static NginxDirective? Effective(NginxDirective block, string name) =>
        block.SelfAndAncestors().Select(level => level.Named(name).LastOrDefault()).FirstOrDefault(found => found is not null);

    /// <summary>The <c>proxy_set_header</c> lines in force at <paramref name="block"/>: those of the nearest level that has any.</summary>
    public static IReadOnlyList<NginxDirective> ProxyHeaders(NginxDirective block) =>
        block.SelfAndAncestors().Select(level => level.Named("proxy_set_header").ToList()).FirstOrDefault(headers => headers.Count > 0) ?? [];

    /// <summary>The <c>proxy_set_header</c> for <paramref name="header"/> in force, or null.</summary>
    public static NginxDirective? ProxyHeader(NginxDirective block, string header) =>
        ProxyHeaders(block).LastOrDefault(line => string.Equals(line.FirstArgument, header, StringComparison.OrdinalIgnoreCase));

    /// <summary>A <c>proxy_set_header</c> for <paramref name="header"/> at an outer level that <paramref name="block"/>'s own headers hide.</summary>
    public static NginxDirective? HiddenProxyHeader(NginxDirective block, string header) =>
        block.SelfAndAncestors()
            .SkipWhile(level => !level.Named("proxy_set_header").Any())
            .Skip(1)
            .SelectMany(level => level.Named("proxy_set_header"))
            .FirstOrDefault(line => string.Equals(line.FirstArgument, header, StringComparison.OrdinalIgnoreCase));

    /// <summary>The <c>server</c> block a location is in.</summary>
    public static NginxDirective? Server(NginxDirective block) => block.SelfAndAncestors().FirstOrDefault(level => level.Name == "server");
}
