using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Tests;

public sealed class StatsRecorderTests
{
    [Fact]
    public void Snapshot_SplitsOkAndFail_WithHdrPercentilesRatesBytesAndStatusCodes()
    {
        var recorder = new StatsRecorder();
        for (var ms = 1; ms <= 100; ms++)
        {
            recorder.Record("echo", Response.Ok(sizeBytes: 64), TimeSpan.FromMilliseconds(ms));
        }

        recorder.Record("echo", Response.Fail(statusCode: "1011", message: "upstream lost"), TimeSpan.FromMilliseconds(5));
        recorder.Record("echo", Response.Fail(statusCode: "1011"), TimeSpan.FromMilliseconds(7));
        recorder.Record("connect", Response.Ok(statusCode: "101"), TimeSpan.FromMilliseconds(2));

        var stats = recorder.Snapshot(TimeSpan.FromSeconds(10));

        Assert.Equal(["connect", "echo"], stats.Select(step => step.Name));
        var echo = stats[1];
        Assert.Equal((100, 2, 6400L), (echo.Ok.Count, echo.Fail.Count, echo.Ok.Bytes));
        Assert.Equal(10.0, echo.Ok.Rps);
        // HdrHistogram keeps three significant digits.
        Assert.InRange(echo.Ok.P50Microseconds, 49_900, 50_100);
        Assert.InRange(echo.Ok.P99Microseconds, 98_900, 99_100);
        Assert.InRange(echo.Ok.MinMicroseconds, 990, 1_010);
        Assert.InRange(echo.Ok.MaxMicroseconds, 99_900, 100_100);
        Assert.InRange(echo.Ok.MeanMicroseconds, 50_000, 51_000);
        Assert.Equal(2, echo.Fail.StatusCodes["1011"]);
        Assert.Equal(1, stats[0].Ok.StatusCodes["101"]);
        Assert.Equal(2, recorder.Failures);
        Assert.Equal(100.0 * 2 / 102, echo.FailPercent, precision: 6);
    }
}
