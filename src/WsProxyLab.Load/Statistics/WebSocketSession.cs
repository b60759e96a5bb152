using System.Diagnostics;

namespace WsProxyLab.Load.Statistics;

/// <summary>
/// One session counted in a scenario's <see cref="WebSocketMetrics"/> by a scenario that opens its own sockets: made when
/// the handshake succeeds, ended once, when the socket closes or, at the latest, when it is disposed (a copy's data is
/// disposed at the end of the run, so sessions held to the end count their whole life, as k6's do).
/// </summary>
public sealed class WebSocketSession : IDisposable
{
    private readonly WebSocketMetrics _metrics;
    private readonly long _openedAt;
    private int _ended;

    private WebSocketSession(WebSocketMetrics metrics, long openedAt)
    {
        _metrics = metrics;
        _openedAt = openedAt;
    }

    /// <summary>Counts a session whose connect began at <paramref name="connectStartedAt"/> (a <see cref="Stopwatch"/> timestamp) and whose handshake just succeeded.</summary>
    public static WebSocketSession Start(WebSocketMetrics metrics, long connectStartedAt)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var now = Stopwatch.GetTimestamp();
        metrics.SessionStarted(Stopwatch.GetElapsedTime(connectStartedAt, now));
        return new WebSocketSession(metrics, now);
    }

    /// <summary>Records the session's duration; later calls do nothing.</summary>
    public void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _metrics.SessionEnded(Stopwatch.GetElapsedTime(_openedAt));
        }
    }

    /// <inheritdoc />
    public void Dispose() => End();
}
