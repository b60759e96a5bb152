using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Admin;
using WsProxyLab.Proxy.Configuration;
using WsProxyLab.Proxy.Diagnostics;
using WsProxyLab.Proxy.Transport;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>
/// Matches a request to its route and hands it to the WebSocket forwarder (HTTP/1.1 upgrades and HTTP/2 extended
/// CONNECT) or the HTTP forwarder (everything else).
/// </summary>
internal sealed class ProxyRequestDispatcher(
    RouteTable routes, WebSocketForwarder webSockets, HttpForwarder http, DrainCoordinator drain, IOptions<ProxyOptions> options, ProxyMetrics metrics,
    ILogger<ProxyRequestDispatcher> logger)
{
    public Task DispatchAsync(HttpContext context)
    {
        if (drain.IsDraining)
        {
            context.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Refusal.WriteAsync(context, logger, metrics, "-", "draining", StatusCodes.Status503ServiceUnavailable, "proxy is draining");
        }

        var route = routes.Match(context.Request.Path);
        if (route is null)
        {
            return Refusal.WriteAsync(context, logger, metrics, "-", "no_route", StatusCodes.Status404NotFound, $"no route matches path '{context.Request.Path}'");
        }

        if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect
            && string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase))
        {
            return webSockets.ForwardAsync(context, route, ClientUpgrade.Http2(connect));
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        return upgrade is { IsUpgradableRequest: true } && context.Request.Headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase)
            ? webSockets.ForwardAsync(context, route, ClientUpgrade.Http11(upgrade, context.Features.Get<IClientSocketHandoffFeature>()))
            : http.ForwardAsync(context, route);
    }
}
