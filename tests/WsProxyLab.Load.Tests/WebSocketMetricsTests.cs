using WsProxyLab.Load.Reports;
using WsProxyLab.Load.Running;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Tests;

public sealed class WebSocketMetricsTests
{
    [Fact]
    public void Snapshot_GivesK6sMetrics_TrendsWithLatencies_CountersWithCountAndRate()
    {
        var metrics = TestRuns.EchoLatency().WebSockets.ToDictionary(metric => metric.Name);

        Assert.Equal(["ws_connecting", "ws_msgs_received", "ws_msgs_sent", "ws_session_duration", "ws_sessions"], metrics.Keys);
        Assert.Equal(2, metrics["ws_connecting"].Ok.Count);
        Assert.Equal(2000, metrics["ws_connecting"].Ok.MinMicroseconds);
        Assert.InRange(metrics["ws_connecting"].Ok.MaxMicroseconds, 3996, 4004);
        Assert.Equal(1, metrics["ws_session_duration"].Ok.Count);
        Assert.InRange(metrics["ws_session_duration"].Ok.P50Microseconds, 4_990_000, 5_010_000);
        Assert.Equal(2, metrics["ws_sessions"].Ok.Count);
        Assert.Equal(102, metrics["ws_msgs_sent"].Ok.Count);
        Assert.Equal(10.2, metrics["ws_msgs_sent"].Ok.Rps, precision: 6);
        Assert.Equal(100, metrics["ws_msgs_received"].Ok.Count);
        Assert.Equal(0, metrics["ws_msgs_received"].Ok.P50Microseconds);
    }

    [Fact]
    public void OpenSessions_AreCounted_AndTheMeasuredRunStartsItsMessageCountsAfresh()
    {
        var metrics = new WebSocketMetrics();
        metrics.SessionStarted(TimeSpan.FromMilliseconds(1));
        metrics.SessionStarted(TimeSpan.FromMilliseconds(1));
        metrics.MessageSent();
        metrics.MessageReceived();
        metrics.SessionEnded(TimeSpan.FromSeconds(1));

        metrics.RestartMessageCounts();
        metrics.MessageSent();

        Assert.Equal(1, metrics.Open);
        Assert.Equal(1, metrics.MessagesSent);
        Assert.Equal(0, metrics.MessagesReceived);
        Assert.Equal(2, metrics.Snapshot(TimeSpan.FromSeconds(1)).Single(metric => metric.Name == "ws_sessions").Ok.Count);
    }

    [Fact]
    public void AScenarioWithoutWebSockets_ReportsNoK6Metrics()
    {
        Assert.Empty(new WebSocketMetrics().Snapshot(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Session_EndsOnce_HoweverOftenItIsEnded()
    {
        var metrics = new WebSocketMetrics();
        var session = WebSocketSession.Start(metrics, System.Diagnostics.Stopwatch.GetTimestamp());

        session.End();
        session.Dispose();

        Assert.Equal(0, metrics.Open);
        Assert.Equal(1, metrics.Snapshot(TimeSpan.FromSeconds(1)).Single(metric => metric.Name == "ws_session_duration").Ok.Count);
    }

    [Fact]
    public void Reports_ListEveryK6Metric()
    {
        var run = new RunResult(DateTimeOffset.UnixEpoch, "ws://x/ws/echo", [TestRuns.EchoLatency()]);

        var markdown = MarkdownReport.Render(run);
        var csv = CsvReport.Render(run);
        var html = HtmlReport.Render(run);
        var json = JsonReport.Render(run);

        Assert.Contains("| ws_msgs_sent | 102 | 10.2 | — |", markdown, StringComparison.Ordinal);
        Assert.Contains("| ws_connecting | 2 | — | 2.000 |", markdown, StringComparison.Ordinal);
        Assert.Contains("echo-latency,ws_msgs_received,counter,100,10,", csv, StringComparison.Ordinal);
        Assert.Contains("echo-latency,ws_session_duration,trend,1,", csv, StringComparison.Ordinal);
        Assert.Contains("<td>ws_sessions</td><td>2</td>", html, StringComparison.Ordinal);
        Assert.Contains("\"webSockets\": [", json, StringComparison.Ordinal);
    }
}
