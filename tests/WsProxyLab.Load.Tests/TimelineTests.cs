using WsProxyLab.Load.Reports;
using WsProxyLab.Load.Running;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.Load.Tests;

public sealed class TimelineTests
{
    [Fact]
    public async Task EverySecondIsSampled_AndTheSamplesAddUpToTheTotals()
    {
        var scenario = Scenario.Create("steady", async context =>
            {
                await Task.Delay(10, context.ScenarioCancellationToken);
                return Response.Ok();
            })
            .WithoutWarmUp()
            .WithLoadSimulations(Simulation.KeepConstant(copies: 4, during: TimeSpan.FromSeconds(3)));

        var result = Assert.Single(await LoadRunner.RunAsync([scenario], cancellationToken: TestTimeouts.CreateTimer(TimeSpan.FromSeconds(30))));

        Assert.InRange(result.Timeline.Count, 3, 5);
        Assert.Equal(result.Invocations.Ok.Count, result.Timeline.Sum(sample => sample.Ok));
        Assert.All(result.Timeline.Take(3), sample => Assert.InRange(sample.P99Microseconds, 10_000, 500_000));
        Assert.All(result.Timeline, sample => Assert.True(sample.GeneratorCpuPercent >= 0 && sample.GeneratorWorkingSetBytes > 0));
        Assert.Null(result.Invalid);
    }

    [Fact]
    public void AGeneratorBusyOnAllCoresForThreeSeconds_MakesTheRunInvalid()
    {
        TimelineSample Busy(int second, double cpu, long queue = 0) => new(second, 10, 100, 0, 1000, cpu, 1 << 20, 0, queue, 10, 100, 100);

        Assert.Null(GeneratorHealth.WhySaturated([Busy(1, 195), Busy(2, 195), Busy(3, 120)], processorCount: 2));
        Assert.Equal("the generator's CPU was above 180 % for 3 s (of 2 cores); it measured itself, not the target",
            GeneratorHealth.WhySaturated([Busy(1, 195), Busy(2, 190), Busy(3, 185)], processorCount: 2));
        Assert.StartsWith("the generator's thread-pool queue was above 1000 for 3 s",
            GeneratorHealth.WhySaturated([Busy(1, 10, 5000), Busy(2, 10, 5000), Busy(3, 10, 5000)], processorCount: 2), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_ShowTheTimeline_AndAnInvalidRun()
    {
        var scenario = TestRuns.EchoLatency() with
        {
            Timeline = [new(1, 5, 100, 0, 2000, 50, 1 << 20, 0.5, 0, 5, 100, 100), new(2, 5, 120, 1, 2500, 60, 1 << 20, 0, 0, 5, 121, 120)],
            Invalid = "the generator's CPU was above 180 % for 3 s (of 2 cores); it measured itself, not the target",
        };
        var run = new RunResult(DateTimeOffset.UnixEpoch, "ws://x/ws/echo", [scenario]);

        var markdown = MarkdownReport.Render(run);
        var html = HtmlReport.Render(run);

        Assert.Contains("**Invalid run**: the generator's CPU was above 180 %", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2 | 5 | 120 | 1 | 2.500 | 5 | 121 | 120 | 60 | 0 | 0 |", markdown, StringComparison.Ordinal);
        Assert.Equal(4, html.Split("<polyline ").Length - 1);
        Assert.Contains("Invalid run:", html, StringComparison.Ordinal);
    }
}
