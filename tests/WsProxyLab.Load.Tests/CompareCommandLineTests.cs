using System.Text.Json;
using Microsoft.Playwright;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.Load.Tests;

/// <summary>
/// <c>compare</c> as a user runs it: a process that starts three replicas and its targets, runs a suite against them and
/// writes one report in four formats. The shared run is the CI suite at a tiny scale against direct and a real HAProxy.
/// </summary>
public sealed class CompareCommandLineTests(CompareCommandLineTests.TinyRun run) : IClassFixture<CompareCommandLineTests.TinyRun>
{
    private static readonly string[] CiMeasurements =
    [
        "echo-spread", "upgrade", "sse", "push", "sticky-round-robin", "sticky-cookie", "fault-backend-kill", "fault-proxy-reload", "fault-slow-consumer",
        "bad-hs-content-length", "bad-hs-slowloris", "bad-hs-origin", "bad-frame-unmasked", "bad-frame-2e62", "bad-tls-plain-http",
    ];

    [Fact]
    public async Task TwoTargets_WriteAllFourFormats_WithEveryCellFilled()
    {
        var report = await run.ReportAsync();

        Assert.True(report.ExitCode == 0, report.Output);
        var root = report.Json.RootElement;
        Assert.Equal("wsproxylab-compare", root.GetProperty("kind").GetString());
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.All(root.GetProperty("targets").EnumerateArray(), target => Assert.True(target.GetProperty("available").GetBoolean(), target.ToString()));
        Assert.Equal(CiMeasurements, root.GetProperty("measurements").EnumerateArray().Select(measurement => measurement.GetProperty("name").GetString()));
        foreach (var measurement in root.GetProperty("measurements").EnumerateArray())
        {
            foreach (var cell in measurement.GetProperty("cells").EnumerateArray())
            {
                var where = $"{measurement.GetProperty("name").GetString()} / {cell.GetProperty("target").GetString()}";
                if (cell.GetProperty("status").GetString() == "NotApplicable")
                {
                    // Only the direct baseline's: one replica has nothing to balance, and there is no proxy to reload.
                    Assert.Equal("direct", cell.GetProperty("target").GetString());
                    continue;
                }

                Assert.True(cell.GetProperty("status").GetString() == "Measured", where + " " + cell.GetProperty("reason"));
                Assert.True(cell.GetProperty("summary").GetArrayLength() >= 3, where);
                var cellRun = cell.GetProperty("runs")[0];
                Assert.True(cellRun.GetProperty("histograms").EnumerateObject().Any(), where);
                Assert.Equal(JsonValueKind.Null, cellRun.GetProperty("invalid").ValueKind);
            }
        }

        var csv = report.Csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("suite,concern,measurement,", csv[0], StringComparison.Ordinal);
        Assert.All(CiMeasurements, measurement => Assert.Contains(csv, line => line.Contains($",{measurement},", StringComparison.Ordinal) && line.Contains(",haproxy,Measured,", StringComparison.Ordinal)));
        Assert.DoesNotContain(csv, line => line.Contains(",Failed,", StringComparison.Ordinal) || line.Contains(",Unavailable,", StringComparison.Ordinal));
        Assert.All(CiMeasurements, measurement => Assert.Contains($"| {measurement} |", report.Markdown, StringComparison.Ordinal));
        Assert.Contains("| direct | haproxy |", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("Thresholds: 6 passed, 0 failed", report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sticky_ThroughHaproxyOverThreeReplicas_CookieHoldsEveryReconnect_RoundRobinSpreadsThem()
    {
        var report = await run.ReportAsync();

        Assert.Equal(100, report.Median("sticky-cookie", "haproxy", "same_replica"));
        Assert.InRange(report.Median("sticky-round-robin", "haproxy", "same_replica"), 15, 55);
        Assert.InRange(report.Median("sticky-round-robin", "haproxy", "spread"), 1, 1.5);
        var replicas = report.Cell("sticky-round-robin", "haproxy").GetProperty("runs")[0].GetProperty("distributions").GetProperty("replicas");
        Assert.Equal(["r0", "r1", "r2"], replicas.EnumerateObject().Select(replica => replica.Name));
        Assert.All(replicas.EnumerateObject(), replica => Assert.True(replica.Value.GetInt64() > 0, replica.ToString()));
    }

    [Fact]
    public async Task BackendKilled_ThroughHaproxy_CutsOnlyTheKilledReplicasConnections_AndNothingElseIsLost()
    {
        var report = await run.ReportAsync();

        Assert.True(report.Median("fault-backend-kill", "haproxy", "cut_affected") > 0);
        Assert.Equal(0, report.Median("fault-backend-kill", "haproxy", "cut"));
        Assert.Equal(0, report.Median("fault-backend-kill", "haproxy", "lost"));
        Assert.Equal(0, report.Median("fault-backend-kill", "haproxy", "target_exited"));
        // The direct baseline's only replica is the one killed: every held connection ends, without a close frame.
        Assert.Equal(50, report.Median("fault-backend-kill", "direct", "cut_affected"));
        Assert.Equal(50, report.Median("fault-backend-kill", "direct", "unexpected_1006"));
        Assert.Contains("### Fault matrix", report.Markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| backend SIGKILL \| cut 50\+0 \(1006×50\) · lost 0\+0 ", report.Markdown);
    }

    [Fact]
    public async Task HaproxyReloaded_WithSigusr2_CutsNoTunnel_AndLosesNoEcho()
    {
        var report = await run.ReportAsync();

        Assert.Equal(0, report.Median("fault-proxy-reload", "haproxy", "cut"));
        Assert.Equal(0, report.Median("fault-proxy-reload", "haproxy", "lost"));
        Assert.True(report.Median("fault-proxy-reload", "haproxy", "echo_p99") > 0);
        var distributions = report.Cell("fault-proxy-reload", "haproxy").GetProperty("runs")[0].GetProperty("distributions");
        Assert.Contains(distributions.EnumerateObject(), entry => entry.Name.StartsWith("reload: SIGUSR2 to the master", StringComparison.Ordinal));
        var matrices = report.Json.RootElement.GetProperty("matrices").EnumerateArray().ToList();
        Assert.Equal(["Fault matrix", "Bad-input matrix"], matrices.Select(matrix => matrix.GetProperty("title").GetString()));
        var matrix = matrices[0];
        Assert.Equal(["backend SIGKILL", "proxy reload", "10 slow consumers"], matrix.GetProperty("rows").EnumerateArray().Select(row => row.GetProperty("case").GetString()));
    }

    [Fact]
    public async Task BadInput_ThroughHaproxy_IsAnsweredAsHaproxyAnswersIt_AndNoOneElseLosesAnEcho()
    {
        var report = await run.ReportAsync();

        // HAProxy refuses a body on an upgrade and an Origin the profile does not allow; the frame goes through to the
        // backend, which closes with 1002; plain HTTP on the TLS port gets a TLS alert or HAProxy's 400.
        Assert.Equal(400, report.Median("bad-hs-content-length", "haproxy", "code"));
        Assert.Equal(403, report.Median("bad-hs-origin", "haproxy", "code"));
        Assert.Equal(1002, report.Median("bad-frame-unmasked", "haproxy", "code"));
        Assert.Equal(1002, report.Median("bad-frame-unmasked", "direct", "code"));
        foreach (var measurement in CiMeasurements.Where(name => name.StartsWith("bad-", StringComparison.Ordinal)))
        {
            Assert.Equal(0, report.Median(measurement, "haproxy", "lost"));
            Assert.Equal(0, report.Median(measurement, "haproxy", "target_exited"));
        }

        Assert.Contains("### Bad-input matrix", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("| disallowed Origin | 101 Switching Protocols | 403 Forbidden |", report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SseThroughHaproxy_EventsArriveAsTheyAreSent()
    {
        var report = await run.ReportAsync();

        Assert.True(report.Median("sse", "haproxy", "events") > 0);
        // 100 ms between events: a buffering proxy would hold each one for about that long (HAProxy did, before http-no-delay).
        Assert.InRange(report.Median("sse", "haproxy", "p50"), 0, 50);
        Assert.Equal(0, report.Median("sse", "haproxy", "failed"));
    }

    [Fact]
    public async Task HtmlReport_RendersInChromium_WithItsCharts()
    {
        HeadlessChromium.Require();
        var report = await run.ReportAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(report.HtmlPath).AbsoluteUri);

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("compare --suite ci");
        // One percentile curve per target in every measurement, both targets drawn.
        Assert.Equal(CiMeasurements.Length, await page.Locator("svg.percentile-chart").CountAsync());
        Assert.True(await page.Locator("#echo-spread ~ figure svg.percentile-chart").First.Locator("polyline.series").CountAsync() == 2);
        Assert.True(await page.Locator("svg.bar-chart rect.bar").CountAsync() >= 1);
        Assert.True(await page.Locator("svg.distribution-chart rect.share").CountAsync() >= 3);
        Assert.True(await page.Locator("svg.timeline-chart polyline.series").CountAsync() >= 1);
        var box = await page.Locator("svg.percentile-chart").First.BoundingBoxAsync();
        Assert.True(box is { Width: > 100, Height: > 100 }, $"{box?.Width} x {box?.Height}");
    }

    [Fact]
    public async Task ATargetThatCannotStart_IsReportedUnavailable_AndTheOthersStillRun()
    {
        using var reports = new TemporaryDirectory();
        // Containers through an engine that is not there: HAProxy cannot start, direct needs nothing.
        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" },
            "compare", "--suite", "ci", "--targets", "direct,haproxy", "--containers", "--held", "10", "--duration", "1s", "--report-dir", reports.Path);

        Assert.True(exitCode == 0, output);
        Assert.Contains("haproxy: unavailable:", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reports.Path, "compare.json"), TestContext.Current.CancellationToken));
        var haproxy = json.RootElement.GetProperty("targets").EnumerateArray().Single(target => target.GetProperty("name").GetString() == "haproxy");
        Assert.False(haproxy.GetProperty("available").GetBoolean());
        Assert.Contains("/nonexistent/docker.sock", haproxy.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var upgrade = json.RootElement.GetProperty("measurements").EnumerateArray().Single(measurement => measurement.GetProperty("name").GetString() == "upgrade");
        var cells = upgrade.GetProperty("cells").EnumerateArray().ToDictionary(cell => cell.GetProperty("target").GetString()!, cell => cell.GetProperty("status").GetString());
        Assert.Equal("Measured", cells["direct"]);
        Assert.Equal("Unavailable", cells["haproxy"]);
        Assert.Contains("unavailable", await File.ReadAllTextAsync(Path.Combine(reports.Path, "compare.html"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_StopsTheRun_AndStillWritesWhatWasMeasured_MarkedPartial()
    {
        using var reports = new TemporaryDirectory();
        using var process = LoadRunnerProcess.Start(null, "compare", "--suite", "ci", "--targets", "direct", "--held", "10", "--duration", "2s", "--report-dir", reports.Path);
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromMinutes(2));
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = new System.Text.StringBuilder();
        // The first measurement done, the second one under way: stop there.
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            output.AppendLine(line);
            if (line.Contains("echo-spread", StringComparison.Ordinal) && line.StartsWith("[1/1]", StringComparison.Ordinal))
            {
                break;
            }
        }

        await Task.Delay(500, cancellationToken);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        output.Append(await process.StandardOutput.ReadToEndAsync(cancellationToken));
        await process.WaitForExitAsync(cancellationToken);

        Assert.True(process.ExitCode == 1, output + await errors);
        Assert.Contains("**Partial:** stopped (Ctrl+C or SIGTERM)", output.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reports.Path, "compare.json"), cancellationToken));
        Assert.StartsWith("stopped (Ctrl+C or SIGTERM)", json.RootElement.GetProperty("partial").GetString(), StringComparison.Ordinal);
        var echo = json.RootElement.GetProperty("measurements")[0].GetProperty("cells")[0];
        Assert.Equal("Measured", echo.GetProperty("status").GetString());
        Assert.True(echo.GetProperty("summary").GetArrayLength() > 0);
    }

    [Fact]
    public async Task ABreachedThreshold_Exits99_AndTheSummaryNamesItsLine()
    {
        using var reports = new TemporaryDirectory();
        var thresholds = Path.Combine(reports.Path, "breach.thresholds");
        await File.WriteAllLinesAsync(thresholds, ["# no handshake is this fast", "* upgrade: handshake: p50 < 1us", "* upgrade: handshake: fail.count == 0"], TestContext.Current.CancellationToken);

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromMinutes(2), null,
            "compare", "--suite", "ci", "--targets", "direct", "--held", "10", "--duration", "1s", "--report-dir", reports.Path, "--thresholds", thresholds);

        Assert.True(exitCode == 99, output);
        Assert.Contains("Thresholds: 1 passed, 1 failed", output, StringComparison.Ordinal);
        Assert.Contains("FAIL line 2 `* upgrade: handshake: p50 < 1us` for direct", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("* upgrade: handshake: p50 < 5", "line 1 ('* upgrade: handshake: p50 < 5')", "without a unit")]
    [InlineData("* nosuch: handshake: p50 < 5ms", "line 1", "measurement 'nosuch'")]
    [InlineData("everyone upgrade: figure.success == 100", "line 1", "target 'everyone'")]
    [InlineData("* upgrade: figure.success == 100 x apache", "line 1", "'apache', which is not a target")]
    public async Task AThresholdFileWithAnError_Exits1_NamingItsLineAndExpression(string line, string where, string what)
    {
        using var reports = new TemporaryDirectory();
        var thresholds = Path.Combine(reports.Path, "bad.thresholds");
        await File.WriteAllLinesAsync(thresholds, [line], TestContext.Current.CancellationToken);

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "compare", "--suite", "ci", "--targets", "direct", "--thresholds", thresholds);

        Assert.True(exitCode == 1, output);
        Assert.Contains(where, output, StringComparison.Ordinal);
        Assert.Contains(what, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--targets", "direct,apache", "--targets names 'apache'; choose from direct, wsproxy, nginx, haproxy, yarp.")]
    [InlineData("--suite", "smoke", "--suite is 'smoke'; choose from seed, perf, faults, badinput, ci.")]
    [InlineData("--repeats", "0", "--repeats is 0; choose from 1 to 20.")]
    [InlineData("--duration", "soon", "--duration is 'soon'")]
    public async Task BadOptions_Exit1_NamingTheValueAndWhatIsAccepted(string option, string value, string message)
    {
        string[] arguments = option == "--suite" ? ["compare", option, value] : ["compare", "--suite", "ci", option, value];

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, arguments);

        Assert.True(exitCode == 1, output);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownOption_Exits1_NamingIt()
    {
        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "compare", "--suite", "ci", "--speed", "fast");

        Assert.True(exitCode == 1, output);
        Assert.Contains("--speed", output, StringComparison.Ordinal);
    }

    /// <summary>One tiny CI-suite run against direct and HAProxy, shared by the tests that read its report.</summary>
    public sealed class TinyRun : IAsyncDisposable
    {
        private readonly TemporaryDirectory _reports = new();
        private Task<Report>? _report;

        public Task<Report> ReportAsync()
        {
            PeerRequirement.RequireBinary(PeerTargets.HaproxyBinary);
            return _report ??= RunAsync();
        }

        private async Task<Report> RunAsync()
        {
            var thresholds = Path.Combine(_reports.Path, "tiny.thresholds");
            await File.WriteAllLinesAsync(thresholds,
            [
                "* echo-spread: echo: fail.count == 0",
                "* upgrade: handshake: fail.count == 0",
                "haproxy sticky-cookie: figure.same_replica == 100",
                "haproxy sticky-round-robin: replica: fail.count == 0",
            ]);
            var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromMinutes(6), null,
                "compare", "--suite", "ci", "--targets", "direct,haproxy", "--held", "50", "--duration", "2s", "--report-dir", _reports.Path, "--thresholds", thresholds);
            var folder = _reports.Path;
            return new Report(exitCode, output, JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "compare.json"))),
                await File.ReadAllTextAsync(Path.Combine(folder, "compare.csv")), await File.ReadAllTextAsync(Path.Combine(folder, "compare.md")), Path.Combine(folder, "compare.html"));
        }

        public async ValueTask DisposeAsync()
        {
            if (_report is { IsCompletedSuccessfully: true })
            {
                (await _report).Json.Dispose();
            }

            _reports.Dispose();
        }
    }

    public sealed record Report(int ExitCode, string Output, JsonDocument Json, string Csv, string Markdown, string HtmlPath)
    {
        public JsonElement Cell(string measurement, string target) =>
            Json.RootElement.GetProperty("measurements").EnumerateArray().Single(candidate => candidate.GetProperty("name").GetString() == measurement)
                .GetProperty("cells").EnumerateArray().Single(cell => cell.GetProperty("target").GetString() == target);

        public double Median(string measurement, string target, string figure) =>
            Cell(measurement, target).GetProperty("summary").EnumerateArray().Single(summary => summary.GetProperty("name").GetString() == figure).GetProperty("median").GetDouble();
    }
}
