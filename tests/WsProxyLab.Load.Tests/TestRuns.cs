using WsProxyLab.Load.Running;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Tests;

/// <summary>Fixed scenario results for tests of thresholds and reports.</summary>
internal static class TestRuns
{
    /// <summary>100 invocations of 1..100 ms and 2 failures (1011, 1006); an "echo" step of 1..100 ms and a "connect" step.</summary>
    public static ScenarioResult EchoLatency(string name = "echo-latency")
    {
        var key = "\0" + name;
        var recorder = new StatsRecorder();
        for (var ms = 1; ms <= 100; ms++)
        {
            recorder.Record(key, Response.Ok(sizeBytes: 64), TimeSpan.FromMilliseconds(ms));
            recorder.Record("echo", Response.Ok(sizeBytes: 64), TimeSpan.FromMilliseconds(ms));
        }

        recorder.Record(key, Response.Fail(statusCode: "1011"), TimeSpan.FromMilliseconds(1));
        recorder.Record(key, Response.Fail(statusCode: "1006"), TimeSpan.FromMilliseconds(1));
        recorder.Record("connect", Response.Ok(statusCode: "101"), TimeSpan.FromMilliseconds(1));
        var all = recorder.Snapshot(TimeSpan.FromSeconds(10));
        var invocations = all.Single(stats => stats.Name == key) with { Name = name };
        return new ScenarioResult(name, TimeSpan.FromSeconds(10), invocations, [.. all.Where(stats => !stats.Name.StartsWith('\0'))], null);
    }
}
