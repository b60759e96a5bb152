using System.Diagnostics;
using System.Text.Json;
using WsProxyLab.Orchestration.Model;

namespace WsProxyLab.Load.Tests;

/// <summary>The load-test runner as a user runs it: a process, its output, its reports and its exit code.</summary>
public sealed class RunnerCommandLineTests : IAsyncLifetime
{
    private LoopbackBackend _backend = null!;
    private readonly string _reports = Directory.CreateTempSubdirectory("wsproxylab-runner-").FullName;

    public async ValueTask InitializeAsync() => _backend = await LoopbackBackend.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync();
        Directory.Delete(_reports, recursive: true);
    }

    [Fact]
    public async Task List_NamesEveryScenario()
    {
        var (exitCode, output) = await RunAsync("list");

        Assert.Equal(0, exitCode);
        Assert.Contains("hold", output, StringComparison.Ordinal);
        Assert.Contains("echo-latency", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EchoLatency_WritesReportsWhoseCountsAddUp_AndPassingThresholdsExit0()
    {
        var (exitCode, output) = await RunAsync("run", "--scenario", "echo-latency", "--target", _backend.WebSocketUri("/ws/echo").ToString(),
            "--connections", "20", "--rate", "200", "--duration", "2s", "--report-dir", _reports, "--threshold", "p99 < 10s", "--threshold", "fail.percent < 1");

        Assert.True(exitCode == 0, output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_reports, "report.json"), TestContext.Current.CancellationToken));
        var scenario = report.RootElement.GetProperty("scenarios")[0];
        var steps = scenario.GetProperty("steps").EnumerateArray().ToDictionary(step => step.GetProperty("name").GetString()!);
        var sent = scenario.GetProperty("invocations").GetProperty("ok").GetProperty("count").GetInt64() + scenario.GetProperty("invocations").GetProperty("fail").GetProperty("count").GetInt64();
        var echoed = steps["echo"].GetProperty("ok").GetProperty("count").GetInt64();
        var lost = steps["echo"].GetProperty("fail").GetProperty("count").GetInt64();
        Assert.Equal(sent, echoed + lost);
        Assert.Equal(20, steps["connect"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.InRange(echoed, 300, 450);
        Assert.Equal(steps["echo"].GetProperty("ok").GetProperty("count").GetInt64(), steps["echo.raw"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.All(["report.md", "report.csv", "report.html"], file => Assert.True(File.Exists(Path.Combine(_reports, file))));
    }

    [Fact]
    public async Task ABreachedThreshold_Exits99()
    {
        var (exitCode, output) = await RunAsync("run", "--scenario", "hold", "--target", _backend.WebSocketUri("/ws/echo").ToString(),
            "--connections", "5", "--duration", "1s", "--report-dir", _reports, "--threshold", "heartbeat: p50 < 1us");

        Assert.True(exitCode == 99, output);
        Assert.Contains("- FAIL `heartbeat: p50 < 1us`", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableTarget_Exits1WithAClearLine()
    {
        var (exitCode, output) = await RunAsync("run", "--scenario", "hold", "--target", "ws://127.0.0.1:1/ws/echo", "--duration", "1s", "--report-dir", _reports);

        Assert.Equal(1, exitCode);
        Assert.Contains("Target ws://127.0.0.1:1/ws/echo is unreachable:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--connections", "0", "--connections is 0; choose from 1 to 100000.")]
    [InlineData("--duration", "10", "--duration is '10'; write a number and a unit: 500ms, 60s, 2m or 1h.")]
    [InlineData("--threshold", "p99 < 5", "compares a latency without a unit")]
    [InlineData("--scenario", "nope", "--scenario is 'nope'; choose from hold, echo-latency.")]
    public async Task ABadOptionValue_IsNamedWithTheAcceptedRange(string option, string value, string expected)
    {
        var arguments = new List<string> { "run", "--target", "ws://127.0.0.1:1/ws/echo", option, value };
        if (option != "--scenario")
        {
            arguments.AddRange(["--scenario", "hold"]);
        }

        var (exitCode, output) = await RunAsync([.. arguments]);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var (command, prefix) = ServiceProjectCatalog.GetLaunchCommand("WsProxyLab.LoadTests", typeof(RunnerCommandLineTests).Assembly);
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await errors);
    }
}
