using System.Text.Json;
using WsProxyLab.Load.Reports;
using WsProxyLab.Load.Running;
using WsProxyLab.Load.Thresholds;

namespace WsProxyLab.Load.Tests;

public sealed class ReportTests
{
    private static readonly RunResult Run = MakeRun();

    [Fact]
    public void Json_IsCompleteAndVersioned_AndItsCountsAddUp()
    {
        using var json = JsonDocument.Parse(JsonReport.Render(Run));
        var root = json.RootElement;

        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("ws://127.0.0.1:5000/ws/echo", root.GetProperty("target").GetString());
        var scenario = root.GetProperty("scenarios")[0];
        Assert.Equal("echo-latency", scenario.GetProperty("name").GetString());
        var invocations = scenario.GetProperty("invocations");
        Assert.Equal(100, invocations.GetProperty("ok").GetProperty("count").GetInt64());
        Assert.Equal(2, invocations.GetProperty("fail").GetProperty("count").GetInt64());
        Assert.Equal(1, invocations.GetProperty("fail").GetProperty("statusCodes").GetProperty("1006").GetInt64());
        Assert.Equal(["connect", "echo"], scenario.GetProperty("steps").EnumerateArray().Select(step => step.GetProperty("name").GetString()));
        Assert.False(scenario.GetProperty("thresholds")[0].GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Markdown_HasARowPerStepAndOutcome_AndEachThresholdsVerdict()
    {
        var markdown = MarkdownReport.Render(Run);

        Assert.Contains("| echo-latency (invocation) | ok | 100 | 10.0 | 1.000 |", markdown);
        Assert.Contains("| echo | ok | 100 |", markdown);
        Assert.Contains("| fail | 2 |", markdown);
        Assert.Contains("- FAIL `fail.percent < 1`: failed: the value was 1.961", markdown);
        Assert.Contains("- PASS `p99 < 1s`", markdown);
    }

    [Fact]
    public void Csv_HasAHeaderTwoRowsPerStep_AndOnePerK6Metric()
    {
        var lines = CsvReport.Render(Run).TrimEnd('\n').Split('\n');

        Assert.StartsWith("scenario,step,outcome,count,rps,", lines[0], StringComparison.Ordinal);
        Assert.Equal(1 + (3 * 2) + 5, lines.Length);
        Assert.Equal("echo-latency,,fail,2", string.Join(',', lines[2].Split(',').Take(4)));
        Assert.EndsWith(",1006:1 1011:1", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Html_IsSelfContained_EscapesNames_AndChartsThePercentiles()
    {
        var run = Run with { Scenarios = [TestRuns.EchoLatency("<b>script</b>")] };

        var html = HtmlReport.Render(run);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;script&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Equal(3 * 5, html.Split("<rect ").Length - 1);
    }

    [Fact]
    public void TheSameRun_GivesTheSameReports()
    {
        Assert.Equal(MarkdownReport.Render(Run), MarkdownReport.Render(MakeRun()));
        Assert.Equal(CsvReport.Render(Run), CsvReport.Render(MakeRun()));
        Assert.Equal(HtmlReport.Render(Run), HtmlReport.Render(MakeRun()));
        Assert.Equal(JsonReport.Render(Run), JsonReport.Render(MakeRun()));
    }

    [Fact]
    public async Task ReportWriter_WritesTheFourFiles()
    {
        var folder = Directory.CreateTempSubdirectory("wsproxylab-report-").FullName;

        var paths = await ReportWriter.WriteAsync(Run, folder, TestContext.Current.CancellationToken);

        Assert.Equal(["report.json", "report.md", "report.csv", "report.html"], paths.Select(Path.GetFileName));
        Assert.All(paths, path => Assert.True(new FileInfo(path).Length > 100));
        Directory.Delete(folder, recursive: true);
    }

    private static RunResult MakeRun()
    {
        var scenario = TestRuns.EchoLatency();
        scenario = scenario with
        {
            Thresholds = [Threshold.Parse("fail.percent < 1").Evaluate(scenario), Threshold.Parse("p99 < 1s").Evaluate(scenario)],
        };
        return new RunResult(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), "ws://127.0.0.1:5000/ws/echo", [scenario]);
    }
}
