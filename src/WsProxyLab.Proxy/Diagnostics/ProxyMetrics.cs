using System.Diagnostics.Metrics;
using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Diagnostics;

/// <summary>The proxy's OpenTelemetry instruments (meter <c>WsProxyLab.Proxy</c>), exported on <c>/metrics</c>.</summary>
public sealed class ProxyMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "WsProxyLab.Proxy";

    private readonly UpDownCounter<long> _activeTunnels;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _tunnelsEnded;
    private readonly Counter<long> _timeouts;
    private readonly Histogram<double> _connectDuration;
    private readonly Histogram<double> _tunnelDuration;

    /// <summary>Creates the instruments on a meter owned by the factory.</summary>
    public ProxyMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);

        var meter = meterFactory.Create(MeterName);
        _activeTunnels = meter.CreateUpDownCounter<long>("wsproxylab.proxy.tunnels.active", "{tunnel}", "Open tunnels.");
        _requests = meter.CreateCounter<long>("wsproxylab.proxy.requests", "{request}", "Requests (WebSocket handshakes and plain HTTP) by outcome and status.");
        _bytes = meter.CreateCounter<long>("wsproxylab.proxy.bytes", "By", "Bytes relayed, by direction (counted when a tunnel ends).");
        _messages = meter.CreateCounter<long>("wsproxylab.proxy.messages", "{message}", "Messages relayed by routes in frames mode, by direction (counted when a tunnel ends).");
        _tunnelsEnded = meter.CreateCounter<long>("wsproxylab.proxy.tunnels.ended", "{tunnel}", "Ended tunnels by reason and the close code the proxy sent the client.");
        _timeouts = meter.CreateCounter<long>("wsproxylab.proxy.timeouts", "{timeout}", "Timeouts fired, by kind.");
        _connectDuration = meter.CreateHistogram<double>("wsproxylab.proxy.upstream.connect.duration", "s", "Time to open a TCP connection to an upstream.");
        _tunnelDuration = meter.CreateHistogram<double>("wsproxylab.proxy.tunnel.duration", "s", "Tunnel lifetime.");
    }

    /// <summary>
    /// A request ended with <paramref name="outcome"/>: upgraded, http_forwarded, refused_by_upstream, no_destination,
    /// upstream_failed, no_route, origin_not_allowed, limit_reached.
    /// </summary>
    public void Request(string route, string outcome, int statusCode)
    {
        _requests.Add(1, new("route", route), new("outcome", outcome), new("status", statusCode));
        HandshakeActivity.Outcome(outcome, statusCode);
    }

    /// <summary>An upstream connection was opened.</summary>
    public void Connected(string route, string destination, TimeSpan duration) =>
        _connectDuration.Record(duration.TotalSeconds, new("route", route), new("destination", destination));

    /// <summary>A timeout fired.</summary>
    public void Timeout(string route, string kind) => _timeouts.Add(1, new("route", route), new("kind", kind));

    /// <summary>A tunnel opened.</summary>
    public void TunnelOpened(string route, string destination) => _activeTunnels.Add(1, new("route", route), new("destination", destination));

    /// <summary>A tunnel ended; <paramref name="countsMessages"/> when its route is in frames mode.</summary>
    public void TunnelEnded(string route, string destination, TunnelResult result, TunnelTraffic traffic, TimeSpan lifetime, bool countsMessages)
    {
        KeyValuePair<string, object?> routeTag = new("route", route);
        KeyValuePair<string, object?> destinationTag = new("destination", destination);
        _activeTunnels.Add(-1, routeTag, destinationTag);
        _bytes.Add(traffic.ClientToUpstream.Bytes, routeTag, new("direction", "client_to_upstream"));
        _bytes.Add(traffic.UpstreamToClient.Bytes, routeTag, new("direction", "upstream_to_client"));
        if (countsMessages)
        {
            _messages.Add(traffic.ClientToUpstream.Messages, routeTag, new("direction", "client_to_upstream"));
            _messages.Add(traffic.UpstreamToClient.Messages, routeTag, new("direction", "upstream_to_client"));
        }

        _tunnelsEnded.Add(1, routeTag, new("reason", result.Reason.ToString()), new("close_sent_to_client", result.CloseSentToClient ?? 0));
        _tunnelDuration.Record(lifetime.TotalSeconds, routeTag, destinationTag);
        var timeoutKind = result.Reason switch
        {
            TunnelEndReason.ReadTimeout => "read",
            TunnelEndReason.ClientSendTimeout or TunnelEndReason.UpstreamSendTimeout => "send",
            TunnelEndReason.IdleTimeout => "idle",
            TunnelEndReason.KeepAliveTimeout => "keepalive",
            _ => null,
        };
        if (timeoutKind is not null)
        {
            Timeout(route, timeoutKind);
        }
    }
}
