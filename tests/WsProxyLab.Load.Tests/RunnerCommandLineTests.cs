using Microsoft.AspNetCore.Hosting;
using System.Text.Json;

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
        // 50 connections for 200 msg/s: a stall of up to 250 ms on a busy machine still finds an idle connection (20 ran out under parallel test load).
        var (exitCode, output) = await RunAsync("run", "--scenario", "echo-latency", "--target", _backend.WebSocketUri("/ws/echo").ToString(),
            "--connections", "50", "--rate", "200", "--duration", "2s", "--report-dir", _reports, "--threshold", "p99 < 10s", "--threshold", "fail.percent < 1", "--threshold", "ws_connecting: p95 < 10s");

        Assert.True(exitCode == 0, output);
        Assert.Contains("echo-latency    1s  held 50  in flight", output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_reports, "report.json"), TestContext.Current.CancellationToken));
        var scenario = report.RootElement.GetProperty("scenarios")[0];
        var steps = scenario.GetProperty("steps").EnumerateArray().ToDictionary(step => step.GetProperty("name").GetString()!);
        var sent = scenario.GetProperty("invocations").GetProperty("ok").GetProperty("count").GetInt64() + scenario.GetProperty("invocations").GetProperty("fail").GetProperty("count").GetInt64();
        var echoed = steps["echo"].GetProperty("ok").GetProperty("count").GetInt64();
        var lost = steps["echo"].GetProperty("fail").GetProperty("count").GetInt64();
        Assert.Equal(sent, echoed + lost);
        Assert.Equal(50, steps["connect"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.InRange(echoed, 300, 450);
        Assert.Equal(steps["echo"].GetProperty("ok").GetProperty("count").GetInt64(), steps["echo.raw"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.All(["report.md", "report.csv", "report.html"], file => Assert.True(File.Exists(Path.Combine(_reports, file))));
        var webSockets = scenario.GetProperty("webSockets").EnumerateArray().ToDictionary(metric => metric.GetProperty("name").GetString()!, metric => metric.GetProperty("ok"));
        Assert.Equal(50, webSockets["ws_sessions"].GetProperty("count").GetInt64());
        Assert.Equal(50, webSockets["ws_connecting"].GetProperty("count").GetInt64());
        Assert.Equal(50, webSockets["ws_session_duration"].GetProperty("count").GetInt64());
        Assert.Equal(sent, webSockets["ws_msgs_sent"].GetProperty("count").GetInt64());
        // Echoes of the warm-up's last messages may arrive once the measured run has begun: at most one per connection.
        Assert.InRange(webSockets["ws_msgs_received"].GetProperty("count").GetInt64(), echoed, sent + 50);
        Assert.Contains("| ws_msgs_sent | ", await File.ReadAllTextAsync(Path.Combine(_reports, "report.md"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hold_WithoutAHeartbeat_CountsEveryDropByItsCloseCode()
    {
        await using var closer = await IdleCloser.StartAsync(TimeSpan.FromMilliseconds(500));

        var steps = await RunScenarioAsync("hold", closer.Uri, "--connections", "6", "--heartbeat", "0s", "--duration", "2s");

        Assert.Equal(6, steps["connect"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.Equal(6, steps["drop"].GetProperty("fail").GetProperty("statusCodes").GetProperty("1001").GetInt64());
        Assert.False(steps.ContainsKey("heartbeat"));
        Assert.Equal(6, steps["ws_sessions"].GetProperty("ok").GetProperty("count").GetInt64());
        var sessions = steps["ws_session_duration"].GetProperty("ok");
        Assert.Equal(6, sessions.GetProperty("count").GetInt64());
        Assert.InRange(sessions.GetProperty("p50Microseconds").GetInt64(), 450_000, 1_500_000);
    }

    [Fact]
    public async Task Hold_WithPings_TimesEachPingToItsPong_AsK6sWsPing()
    {
        var steps = await RunScenarioAsync("hold", _backend.WebSocketUri("/ws/echo"), "--connections", "10", "--heartbeat", "500ms", "--ping", "--duration", "2s");

        var pings = steps["ping"].GetProperty("ok").GetProperty("count").GetInt64();
        Assert.InRange(pings, 36, 44);
        Assert.Equal(0, steps["ping"].GetProperty("fail").GetProperty("count").GetInt64());
        Assert.Equal(pings, steps["ws_ping"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.InRange(steps["ws_ping"].GetProperty("ok").GetProperty("p50Microseconds").GetInt64(), 1, 100_000);
        Assert.False(steps.ContainsKey("heartbeat"));
    }

    [Fact]
    public async Task Hold_OverWss_TrustsTheLabCaGivenWithCa()
    {
        var (backend, certificates) = await LabTlsBackend.StartAsync(Path.Combine(_reports, "certs"));
        await using var running = backend;

        var steps = await RunScenarioAsync("hold", new Uri($"wss://{backend.BaseUri.Authority}/ws/echo"), "--connections", "5", "--duration", "2s", "--ca", certificates.CaCertificate);

        Assert.Equal(5, steps["connect"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.Equal(5, steps["ws_sessions"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.InRange(steps["heartbeat"].GetProperty("ok").GetProperty("count").GetInt64(), 8, 12);
        Assert.Equal(0, steps["heartbeat"].GetProperty("fail").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task ACaFileWithoutACertificate_IsNamed()
    {
        var notACertificate = Path.Combine(_reports, "ca.pem");
        await File.WriteAllTextAsync(notACertificate, "not a certificate", TestContext.Current.CancellationToken);

        var (exitCode, output) = await RunAsync("run", "--scenario", "hold", "--target", "wss://127.0.0.1:1/ws/echo", "--ca", notACertificate);

        Assert.Equal(1, exitCode);
        Assert.Contains($"--ca is '{notACertificate}', which holds no PEM certificate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushLatency_CountsEveryPushedMessage_FromTheServersTimestamp()
    {
        var steps = await RunScenarioAsync("push-latency", _backend.WebSocketUri("/ws/source?rate=50&size=64"), "--connections", "4", "--duration", "2s");

        var push = steps["push"].GetProperty("ok");
        Assert.InRange(push.GetProperty("count").GetInt64(), 250, 450);
        Assert.InRange(push.GetProperty("p50Microseconds").GetInt64(), 0, 100_000);
        Assert.Equal(0, steps["push"].GetProperty("fail").GetProperty("count").GetInt64());
        Assert.InRange(steps["ws_msgs_received"].GetProperty("ok").GetProperty("count").GetInt64(), push.GetProperty("count").GetInt64() - 4, push.GetProperty("count").GetInt64() + 4);
        Assert.Equal(4, steps["ws_sessions"].GetProperty("ok").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task PushLatency_ReadsMessagesLargerThanItsFirstBuffer()
    {
        // 200 KB: more than the reader's first 4 KiB buffer, and more than the fixed 64 KiB one it had before.
        var steps = await RunScenarioAsync("push-latency", _backend.WebSocketUri("/ws/source?rate=20&size=200000"), "--connections", "2", "--duration", "2s");

        var push = steps["push"].GetProperty("ok");
        var count = push.GetProperty("count").GetInt64();
        Assert.InRange(count, 60, 100);
        Assert.Equal(0, steps["push"].GetProperty("fail").GetProperty("count").GetInt64());
        Assert.InRange(push.GetProperty("bytes").GetInt64() / count, 200_000, 201_000);
    }

    [Fact]
    public async Task Churn_OpensAndClosesAtItsRate()
    {
        var steps = await RunScenarioAsync("churn", _backend.WebSocketUri("/ws/echo"), "--rate", "20", "--duration", "2s");

        Assert.Equal(40, steps["handshake"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.Equal(40, steps["close"].GetProperty("ok").GetProperty("statusCodes").GetProperty("1000").GetInt64());
        Assert.Equal(40, steps["ws_sessions"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.Equal(40, steps["ws_connecting"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.Equal(40, steps["ws_session_duration"].GetProperty("ok").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task IdleTimeout_RecordsTimeToCloseAndTheCloseCode()
    {
        await using var closer = await IdleCloser.StartAsync(TimeSpan.FromMilliseconds(500));

        var steps = await RunScenarioAsync("idle-timeout", closer.Uri, "--connections", "3", "--duration", "2s");

        var idle = steps["idle"].GetProperty("ok");
        Assert.InRange(idle.GetProperty("count").GetInt64(), 6, 12);
        Assert.Equal(idle.GetProperty("count").GetInt64(), idle.GetProperty("statusCodes").GetProperty("1001").GetInt64());
        Assert.InRange(idle.GetProperty("p50Microseconds").GetInt64(), 450_000, 900_000);
    }

    [Fact]
    public async Task Sticky_CountsTheReplicaOfEveryReconnect_AndWhetherItMoved()
    {
        var steps = await RunScenarioAsync("sticky", _backend.WebSocketUri("/ws/echo"), "--connections", "3", "--duration", "1s");

        var replicas = steps["replica"].GetProperty("ok");
        var same = steps["same-replica"];
        Assert.True(replicas.GetProperty("count").GetInt64() >= 6);
        Assert.Equal(replicas.GetProperty("count").GetInt64(), same.GetProperty("ok").GetProperty("statusCodes").GetProperty("same").GetInt64());
        Assert.Equal(0, same.GetProperty("fail").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task SseBuffering_TimesEveryEvent_AndRefusesAWebSocketUrl()
    {
        var steps = await RunScenarioAsync("sse-buffering", _backend.HttpUri("/stream/sse?interval=100&count=5"), "--connections", "2", "--duration", "2s");
        var (exitCode, output) = await RunAsync("run", "--scenario", "sse-buffering", "--target", _backend.WebSocketUri("/ws/echo").ToString(), "--report-dir", _reports);

        var events = steps["event"].GetProperty("ok");
        Assert.InRange(events.GetProperty("count").GetInt64(), 30, 60);
        Assert.InRange(events.GetProperty("p99Microseconds").GetInt64(), 0, 100_000);
        Assert.Equal(1, exitCode);
        Assert.Contains("sse-buffering needs a http:// or https:// URL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConfigFile_GivesTheSettings_AndTheCommandLineWins()
    {
        var config = Path.Combine(_reports, "run.json");
        await File.WriteAllTextAsync(config, $$"""
            { "scenario": "churn", "target": "{{_backend.WebSocketUri("/ws/echo")}}", "rate": 10, "duration": "1s", "ping": true,
              "reportDir": "{{_reports}}", "thresholds": ["handshake: fail.percent < 1", "handshake: ok.count >= 1"] }
            """, TestContext.Current.CancellationToken);

        var (exitCode, output) = await RunAsync("run", "--config", config, "--rate", "5");
        var (badExit, badOutput) = await RunAsync("run", "--config", config, "--rate", "0");

        Assert.True(exitCode == 0, output);
        Assert.Contains("- PASS `handshake: ok.count >= 1`", output, StringComparison.Ordinal);
        Assert.Contains("| handshake | ok | 5 |", output, StringComparison.Ordinal);
        Assert.Equal(1, badExit);
        Assert.Contains("--rate is 0; choose from 1 to 1000000.", badOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConfigFileWithAnUnknownSetting_IsRefusedNamingIt()
    {
        var config = Path.Combine(_reports, "bad.json");
        await File.WriteAllTextAsync(config, """{ "scenario": "hold", "conections": 5 }""", TestContext.Current.CancellationToken);

        var (exitCode, output) = await RunAsync("run", "--config", config);

        Assert.Equal(1, exitCode);
        Assert.Contains("unknown setting 'conections'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatFanout_DeliversEveryPublishToEveryMemberOfItsRoom_InOrder()
    {
        var steps = await RunScenarioAsync("chat-fanout", _backend.WebSocketUri("/ws/chat"), "--connections", "10", "--room-size", "5", "--rate", "20", "--duration", "2s");

        var published = steps["publish"].GetProperty("ok").GetProperty("count").GetInt64();
        var delivered = steps["delivery"].GetProperty("ok").GetProperty("count").GetInt64();
        Assert.InRange(published, 30, 50);
        // Every member of the room, the publisher included, gets each message; the last ones may still be on their way.
        Assert.InRange(delivered, (published - 10) * 5, published * 5);
        Assert.Equal(0, steps["delivery"].GetProperty("fail").GetProperty("count").GetInt64());
        Assert.Equal(published, steps["ws_msgs_sent"].GetProperty("ok").GetProperty("count").GetInt64());
        Assert.True(steps["ws_msgs_received"].GetProperty("ok").GetProperty("count").GetInt64() >= delivered);
    }

    [Fact]
    public async Task Failover_CountsTheSessionsLost_AndTimesTheRecoveryWhenTheBackendComesBack()
    {
        var port = _backend.BaseUri.Port;
        var run = RunAsync("run", "--scenario", "failover", "--target", _backend.WebSocketUri("/ws/echo").ToString(), "--connections", "4", "--duration", "5s", "--report-dir", _reports);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        // The backend goes for about a second, then comes back on the same port.
        await _backend.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        _backend = await LoopbackBackend.StartAsync(configure: builder => builder.WebHost.UseUrls($"http://127.0.0.1:{port}"));
        var (exitCode, output) = await run;

        Assert.True(exitCode == 0, output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_reports, "report.json"), TestContext.Current.CancellationToken));
        var scenario = report.RootElement.GetProperty("scenarios")[0];
        var steps = scenario.GetProperty("steps").EnumerateArray().Concat(scenario.GetProperty("webSockets").EnumerateArray())
            .ToDictionary(step => step.GetProperty("name").GetString()!, step => step.Clone());
        Assert.Equal(4, steps["disconnect"].GetProperty("ok").GetProperty("count").GetInt64());
        // The four first sessions and a new one each after the outage, all ended by the time the run reports.
        var sessions = steps["ws_sessions"].GetProperty("ok").GetProperty("count").GetInt64();
        Assert.Equal(8, sessions);
        Assert.Equal(sessions, steps["ws_session_duration"].GetProperty("ok").GetProperty("count").GetInt64());
        var recovery = steps["recovery"].GetProperty("ok");
        Assert.Equal(4, recovery.GetProperty("count").GetInt64());
        Assert.InRange(recovery.GetProperty("p50Microseconds").GetInt64(), 800_000, 3_000_000);
        Assert.True(steps["heartbeat"].GetProperty("fail").GetProperty("count").GetInt64() > 0, "no heartbeat failed while the backend was down");
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
    [InlineData("--scenario", "nope", "--scenario is 'nope'; choose from hold, echo-latency, push-latency, churn, idle-timeout, sticky, sse-buffering, chat-fanout, failover.")]
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

    /// <summary>Runs a scenario that must pass and returns its report's steps and k6 WebSocket metrics by name.</summary>
    private async Task<Dictionary<string, JsonElement>> RunScenarioAsync(string scenario, Uri target, params string[] options)
    {
        var (exitCode, output) = await RunAsync(["run", "--scenario", scenario, "--target", target.ToString(), "--report-dir", _reports, .. options]);
        Assert.True(exitCode == 0, output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_reports, "report.json"), TestContext.Current.CancellationToken));
        var scenarioReport = report.RootElement.GetProperty("scenarios")[0];
        return scenarioReport.GetProperty("steps").EnumerateArray().Concat(scenarioReport.GetProperty("webSockets").EnumerateArray())
            .ToDictionary(step => step.GetProperty("name").GetString()!, step => step.Clone());
    }

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, arguments);
}
