using System.Text.Json;
using WsProxyLab.Troubleshooting.Lint;
using WsProxyLab.Troubleshooting.Lint.Output;

namespace WsProxyLab.Troubleshooting.Tests;

public sealed class LintOutputTests
{
    private const string Broken = """
        http {
            server {
                location /ws {
                    proxy_pass http://app;
                    proxy_read_timeout 1h;
                    proxy_send_timeout 1h;
                }
            }
        }
        """;

    [Fact]
    public void Sarif_HasTheKindsRules_AndOneResultPerFinding_WithItsLevelAndLine()
    {
        using var directory = new TemporaryDirectory();
        var file = Path.Combine(directory.Path, "nginx.conf");
        File.WriteAllText(file, Broken);
        var report = ConfigLinter.LintFile(file, new LintOptions());

        using var sarif = JsonDocument.Parse(LintSarifOutput.Render(report, directory.Path));

        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = sarif.RootElement.GetProperty("runs").EnumerateArray().Single();
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(rule => rule.GetProperty("id").GetString()).ToList();
        Assert.Contains("nginx-upgrade-headers", rules);
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["nginx-http-version", "nginx-upgrade-headers"], results.Select(result => result.GetProperty("ruleId").GetString()));
        Assert.All(results, result =>
        {
            Assert.Equal("error", result.GetProperty("level").GetString());
            Assert.Equal(rules[result.GetProperty("ruleIndex").GetInt32()], result.GetProperty("ruleId").GetString());
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal("nginx.conf", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal(3, location.GetProperty("region").GetProperty("startLine").GetInt32());
        });
    }

    [Fact]
    public void Text_NamesFileLineSeverityAndRule_ThenTheFix_ThenTheCounts()
    {
        var report = ConfigLinter.LintText(Broken, "/tmp/site/nginx.conf", ConfigKind.Nginx, new LintOptions());

        var lines = LintTextOutput.Render(report, "/tmp/site").Split('\n');

        Assert.StartsWith("nginx.conf:3: error [nginx-http-version] location /ws proxies WebSockets", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("    fix: add 'proxy_http_version 1.1;'", lines[1], StringComparison.Ordinal);
        Assert.Equal("nginx.conf (nginx): 2 error(s), 0 warning(s), 0 info(s)", lines[4]);
    }

    [Fact]
    public void Json_CarriesEachFinding_AndTheErrorCount()
    {
        var report = ConfigLinter.LintText(Broken, "/tmp/site/nginx.conf", ConfigKind.Nginx, new LintOptions());

        using var json = JsonDocument.Parse(LintJsonOutput.Render(report, "/tmp/site"));

        Assert.Equal(2, json.RootElement.GetProperty("errors").GetInt32());
        var first = json.RootElement.GetProperty("findings")[0];
        Assert.Equal(("nginx-http-version", "error", "nginx.conf", 3), (first.GetProperty("rule").GetString(), first.GetProperty("severity").GetString(), first.GetProperty("file").GetString(), first.GetProperty("line").GetInt32()));
    }

    [Fact]
    public void ASyntaxError_IsOneErrorFinding_WordedAsNginxTestWordsIt()
    {
        var report = ConfigLinter.LintText("http {\n    server {\n}\n", "/tmp/site/nginx.conf", ConfigKind.Nginx, new LintOptions());

        var finding = Assert.Single(report.Findings);
        Assert.Equal((LintRules.Syntax, 3), (finding.Rule, finding.Location.Line));
        Assert.StartsWith("nginx: [emerg] unexpected end of file, expecting \"}\"", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith("in /tmp/site/nginx.conf:3", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"key\": [1, 2, 3]}", "its first word '{\"key\":' is neither")]
    [InlineData("# nothing but a comment\n\n", "it holds no directives")]
    [InlineData("a\0b", "it holds NUL bytes")]
    [InlineData("Hello, world. This is prose.\n", "its first word 'Hello,' is neither")]
    public void TextThatIsNoConfig_IsRefusedWithTheReason(string text, string why)
    {
        Assert.Null(ConfigKindDetector.Detect(text, out var reason));
        Assert.StartsWith(why, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("global\n  maxconn 10\n", ConfigKind.Haproxy)]
    [InlineData("# haproxy\n\ndefaults\n  mode http\n", ConfigKind.Haproxy)]
    [InlineData("worker_processes 2;\nevents {}\n", ConfigKind.Nginx)]
    [InlineData("server {\n listen 80;\n}\n", ConfigKind.Nginx)]
    public void TheKind_IsToldByTheContent(string text, ConfigKind kind)
    {
        Assert.Equal(kind, ConfigKindDetector.Detect(text, out _));
    }
}
