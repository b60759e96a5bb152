using WsProxyLab.Troubleshooting.Lint.Haproxy;
using WsProxyLab.Troubleshooting.Lint.Nginx;

namespace WsProxyLab.Troubleshooting.Lint;

/// <summary>Reads a configuration file, tells its kind, parses it and runs that kind's rules.</summary>
public static class ConfigLinter
{
    /// <summary>Lints the file at <paramref name="path"/>.</summary>
    /// <exception cref="NotAConfigException">The file cannot be read, or is neither an nginx nor a HAProxy configuration.</exception>
    public static LintReport LintFile(string path, LintOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new NotAConfigException($"{path}: cannot be read: {exception.Message}", exception);
        }

        var kind = ConfigKindDetector.Detect(text, out var why) ?? throw new NotAConfigException($"{path} is not an nginx or HAProxy configuration: {why}");
        return LintText(text, fullPath, kind, options);
    }

    /// <summary>Lints <paramref name="text"/> as the <paramref name="kind"/> configuration at <paramref name="file"/>.</summary>
    public static LintReport LintText(string text, string file, ConfigKind kind, LintOptions options)
    {
        try
        {
            if (kind == ConfigKind.Nginx)
            {
                var nginx = NginxParser.ParseText(text, file);
                return new LintReport(file, kind, nginx.Files, NginxLinter.Lint(nginx, options));
            }

            var haproxy = HaproxyParser.ParseText(text, file);
            return new LintReport(file, kind, [file], HaproxyLinter.Lint(haproxy, options));
        }
        catch (ConfigSyntaxException exception)
        {
            var message = kind == ConfigKind.Nginx
                ? $"nginx: [emerg] {exception.Message} in {exception.Location}"
                : $"[ALERT] parsing [{exception.Location}] : {exception.Message}";
            var fix = kind == ConfigKind.Nginx ? "correct the line; 'nginx -t' checks the whole file" : "correct the line; 'haproxy -c -f FILE' checks the whole file";
            return new LintReport(file, kind, [file], [new Finding(LintRules.Syntax, exception.Location, message, fix)]);
        }
    }
}
