namespace WsProxyLab.Load.Statistics;

/// <summary>k6's names for its WebSocket metrics, which a scenario's <see cref="WebSocketMetrics"/> reports under.</summary>
public static class WebSocketMetricNames
{
    /// <summary>Trend: TCP connect, TLS and the WebSocket handshake, per session.</summary>
    public const string Connecting = "ws_connecting";

    /// <summary>Trend: from a session's handshake to its end.</summary>
    public const string SessionDuration = "ws_session_duration";

    /// <summary>Counter: sessions started.</summary>
    public const string Sessions = "ws_sessions";

    /// <summary>Counter: messages sent.</summary>
    public const string MessagesSent = "ws_msgs_sent";

    /// <summary>Counter: messages received.</summary>
    public const string MessagesReceived = "ws_msgs_received";

    /// <summary>Trend: from a ping to its pong.</summary>
    public const string Ping = "ws_ping";

    /// <summary>Whether <paramref name="name"/> is a trend (latencies) rather than a counter (a count and its rate).</summary>
    public static bool IsTrend(string name) => name is Connecting or SessionDuration or Ping;
}
