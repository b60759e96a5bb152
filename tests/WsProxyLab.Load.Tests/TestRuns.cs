using WsProxyLab.Load.Running;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Tests;

/// <summary>Fixed scenario results for tests of thresholds and reports.</summary>
internal static class TestRuns
{
    /// <summary>
    /// 100 invocations of 1..100 ms and 2 failures (1011, 1006); an "echo" step of 1..100 ms and a "connect" step; two
    /// WebSocket sessions (handshakes of 2 and 4 ms, one ended after 5 s), 102 messages sent and 100 received.
    /// </summary>
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
        var webSockets = new WebSocketMetrics();
        webSockets.SessionStarted(TimeSpan.FromMilliseconds(2));
        webSockets.SessionStarted(TimeSpan.FromMilliseconds(4));
        webSockets.SessionEnded(TimeSpan.FromSeconds(5));
        for (var message = 0; message < 102; message++)
        {
            webSockets.MessageSent();
            if (message < 100)
            {
                webSockets.MessageReceived();
            }
        }

        return new ScenarioResult(name, TimeSpan.FromSeconds(10), invocations, [.. all.Where(stats => !stats.Name.StartsWith('\0'))], null)
        {
            WebSockets = webSockets.Snapshot(TimeSpan.FromSeconds(10)),
        };
    }
}
