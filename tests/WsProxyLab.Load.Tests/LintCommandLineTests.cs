using System.Text.Json;

namespace WsProxyLab.Load.Tests;

/// <summary><c>lint</c> as a user runs it: a file, its findings on standard output, and an exit code that gates.</summary>
public sealed class LintCommandLineTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task ABrokenNginxConfig_Exits2_WithEachFindingsLineAndFix()
    {
        var file = Write("nginx.conf", "events {}\nhttp {\n  server {\n    listen 80;\n    location /ws {\n      proxy_pass http://127.0.0.1:5001;\n    }\n  }\n}\n");

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "lint", file);

        Assert.True(exitCode == 2, output);
        Assert.Contains($"{file}:5: error [nginx-http-version]", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:5: error [nginx-upgrade-headers]", output, StringComparison.Ordinal);
        Assert.Contains("fix: add 'proxy_set_header Upgrade $http_upgrade;'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACleanHaproxyConfig_Exits0_AsSarif()
    {
        var file = Write("haproxy.cfg", "global\n  maxconn 20000\ndefaults\n  mode http\n  timeout client 30s\n  timeout server 30s\n  timeout tunnel 1h\nfrontend fe\n  bind :80\n  default_backend be\nbackend be\n  server r0 127.0.0.1:5001\n");

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "lint", file, "--format", "sarif", "--connections", "10000");

        Assert.True(exitCode == 0, output);
        using var sarif = JsonDocument.Parse(output);
        Assert.Empty(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
    }

    [Fact]
    public async Task ASyntaxError_Exits2_NamingItsLineAsNginxDoes()
    {
        var file = Write("nginx.conf", "events {}\nhttp {\n  server {\n    listen 80\n  }\n}\n");

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "lint", file);

        Assert.True(exitCode == 2, output);
        Assert.Contains($"{file}:5: error [syntax] nginx: [emerg] unexpected \"}}\" (directive \"listen\" is not terminated by \";\") in {file}:5", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("package.json", "{ \"name\": \"not a config\" }\n", "is not an nginx or HAProxy configuration: its first word '{' is neither")]
    [InlineData("empty.conf", "", "is not an nginx or HAProxy configuration: it holds no directives")]
    public async Task AFileThatIsNoConfig_Exits1_WithOneLineSayingWhy(string name, string content, string message)
    {
        var file = Write(name, content);

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "lint", file);

        Assert.True(exitCode == 1, output);
        Assert.Equal($"{file} {message}", output.Trim()[..$"{file} {message}".Length]);
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public async Task AMissingFile_Exits1_NamingIt()
    {
        var file = Path.Combine(_directory.Path, "absent.conf");

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "lint", file);

        Assert.True(exitCode == 1, output);
        Assert.StartsWith($"{file}: cannot be read: ", output.Trim(), StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllText(path, content);
        return path;
    }
}
