using System.Diagnostics;

namespace WsProxyLab.Proxy.Diagnostics;

/// <summary>
/// A trace span per proxied WebSocket handshake, from the matched upgrade to the upstream's answer, as a child of the
/// request's span (which lasts as long as the tunnel). Its tags say the route, the destination and the outcome that
/// <see cref="ProxyMetrics.Request"/> counts; the service defaults export every <c>WsProxyLab.*</c> source.
/// </summary>
internal static class HandshakeActivity
{
    public const string SourceName = "WsProxyLab.Proxy";
    public const string Name = "WebSocket handshake";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? Start(string routeId, bool extendedConnect)
    {
        var activity = Source.StartActivity(Name, ActivityKind.Internal);
        activity?.SetTag("wsproxy.route", routeId);
        activity?.SetTag("wsproxy.upgrade", extendedConnect ? "h2-extended-connect" : "http1-upgrade");
        return activity;
    }

    /// <summary>Tags the current handshake span, if one is open, with the destination chosen.</summary>
    public static void Destination(string destinationId)
    {
        if (Current is { } activity)
        {
            activity.SetTag("wsproxy.destination", destinationId);
        }
    }

    /// <summary>Tags the current handshake span, if one is open, with the request's outcome; anything but an upgrade is an error.</summary>
    public static void Outcome(string outcome, int statusCode)
    {
        if (Current is { } activity)
        {
            activity.SetTag("wsproxy.outcome", outcome);
            activity.SetTag("http.response.status_code", statusCode);
            if (!outcome.StartsWith("upgraded", StringComparison.Ordinal))
            {
                activity.SetStatus(ActivityStatusCode.Error, outcome);
            }
        }
    }

    private static Activity? Current => Activity.Current is { } activity && activity.Source == Source ? activity : null;
}
