using System.Diagnostics.Metrics;

namespace WsProxyLab.Backends.Diagnostics;

/// <summary>The backends' OpenTelemetry instruments (meter <c>WsProxyLab.Backends</c>), exported on <c>/metrics</c>.</summary>
public sealed class BackendMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "WsProxyLab.Backends";

    private readonly UpDownCounter<long> _activeSessions;
    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _messagesSent;

    /// <summary>Creates the instruments on a meter owned by the factory.</summary>
    public BackendMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);

        var meter = meterFactory.Create(MeterName);
        _activeSessions = meter.CreateUpDownCounter<long>("wsproxylab.backend.sessions.active", "{session}", "Open WebSocket sessions.");
        _messagesReceived = meter.CreateCounter<long>("wsproxylab.backend.messages.received", "{message}", "WebSocket messages received.");
        _bytesReceived = meter.CreateCounter<long>("wsproxylab.backend.bytes.received", "By", "WebSocket payload bytes received.");
        _messagesSent = meter.CreateCounter<long>("wsproxylab.backend.messages.sent", "{message}", "WebSocket messages sent.");
    }

    /// <summary>A session was accepted on an endpoint.</summary>
    public void SessionOpened(string endpoint) => _activeSessions.Add(1, Endpoint(endpoint));

    /// <summary>A session on an endpoint ended.</summary>
    public void SessionClosed(string endpoint) => _activeSessions.Add(-1, Endpoint(endpoint));

    /// <summary>A message of <paramref name="bytes"/> arrived on an endpoint.</summary>
    public void MessageReceived(string endpoint, int bytes)
    {
        var tag = Endpoint(endpoint);
        _messagesReceived.Add(1, tag);
        _bytesReceived.Add(bytes, tag);
    }

    /// <summary>A message was sent on an endpoint.</summary>
    public void MessageSent(string endpoint) => _messagesSent.Add(1, Endpoint(endpoint));

    private static KeyValuePair<string, object?> Endpoint(string endpoint) => new("endpoint", endpoint);
}
