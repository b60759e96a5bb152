namespace WsProxyLab.Troubleshooting.Lint.Output;

/// <summary>Paths in output: relative to the working directory when under it, as code-scanning tools expect.</summary>
internal static class LintPaths
{
    public static string Display(string file, string baseDirectory)
    {
        var relative = Path.GetRelativePath(baseDirectory, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative;
    }
}
