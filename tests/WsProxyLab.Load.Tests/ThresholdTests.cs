using WsProxyLab.Load.Running;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;
using WsProxyLab.Load.Thresholds;

namespace WsProxyLab.Load.Tests;

public sealed class ThresholdTests
{
    private static readonly ScenarioResult Result = TestRuns.EchoLatency();

    [Theory]
    [InlineData("p99 < 100ms", true)]
    [InlineData("p99 < 50ms", false)]
    [InlineData("p50 <= 50100us", true)]
    [InlineData("p99.9 < 1s", true)]
    [InlineData("max > 99ms", true)]
    [InlineData("fail.percent < 0.1", false)]
    [InlineData("fail.percent < 5", true)]
    [InlineData("ok.count >= 100", true)]
    [InlineData("fail.count == 2", true)]
    [InlineData("ok.rps > 10.5", false)]
    [InlineData("status.1006.percent == 0", false)]
    [InlineData("status.1011.percent < 1", true)]
    [InlineData("echo: p50 < 60ms", true)]
    [InlineData("connect: ok.count == 1", true)]
    [InlineData("ws_connecting: p95 < 3ms", false)]
    [InlineData("ws_connecting: max < 5ms", true)]
    [InlineData("ws_msgs_received: ok.count >= 100", true)]
    [InlineData("ws_msgs_sent: ok.rps > 10.5", false)]
    [InlineData("ws_sessions: ok.count == 2", true)]
    public void Parse_ThenEvaluate_ComparesTheNamedFigure(string text, bool passes)
    {
        var verdict = Threshold.Parse(text).Evaluate(Result);

        Assert.Equal(passes, verdict.Passed);
        Assert.Equal(text, verdict.Description);
        Assert.Equal(passes, verdict.Message is null);
    }

    [Theory]
    [InlineData("p99 < 5", "compares a latency without a unit; add us, ms or s")]
    [InlineData("fail.percent < 5ms", "gives a unit to 'fail.percent', which is not a latency")]
    [InlineData("latency < 5ms", "names an unknown metric 'latency'")]
    [InlineData("p99 about 5ms", "cannot be read; write '[step:] metric op value[unit]'")]
    public void Parse_BadText_SaysWhatIsWrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Threshold.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Threshold '{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AThresholdOnAMissingStep_Fails_NamingTheStep()
    {
        var verdict = Threshold.Parse("login: p99 < 1s").Evaluate(Result);

        Assert.False(verdict.Passed);
        Assert.Equal("scenario 'echo-latency' has no step 'login'", verdict.Message);
    }

    [Fact]
    public void ExitCodes_Are99WhenAThresholdIsBreached_And0WhenAllPass()
    {
        var passing = Result with { Thresholds = [Threshold.Parse("p99 < 1s").Evaluate(Result)] };
        var breached = Result with { Thresholds = [Threshold.Create("no failures", stats => stats.Fail.Count == 0).Evaluate(Result)] };

        Assert.Equal(0, ExitCodes.For([passing]));
        Assert.Equal(99, ExitCodes.For([passing, breached]));
    }

    [Fact]
    public async Task AThresholdFailingItsLiveChecks_StopsTheScenario()
    {
        var scenario = Scenario.Create("slow", async context =>
            {
                await Task.Delay(20, context.ScenarioCancellationToken);
                return Response.Ok();
            })
            .WithoutWarmUp()
            .WithThresholds(Threshold.Parse("p50 < 1ms") with { StartCheckAfter = TimeSpan.FromSeconds(1), AbortWhenErrorCount = 2 })
            .WithLoadSimulations(Simulation.KeepConstant(copies: 2, during: TimeSpan.FromSeconds(30)));

        var result = Assert.Single(await LoadRunner.RunAsync([scenario], cancellationToken: TestTimeouts.CreateTimer(TimeSpan.FromSeconds(20))));

        Assert.Equal("threshold 'p50 < 1ms' failed 2 checks (AbortWhenErrorCount)", result.StoppedBecause);
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        Assert.False(Assert.Single(result.Thresholds).Passed);
    }
}
