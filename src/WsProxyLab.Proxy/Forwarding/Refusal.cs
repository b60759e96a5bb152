using WsProxyLab.Proxy.Diagnostics;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>A request the proxy answers itself: logged with its reason, counted by outcome, the reason in the body.</summary>
internal static class Refusal
{
    public static async Task WriteAsync(HttpContext context, ILogger logger, ProxyMetrics metrics, string routeId, string outcome, int statusCode, string reason)
    {
        ProxyLog.Refused(logger, context.Request.Path, statusCode, reason);
        metrics.Request(routeId, outcome, statusCode);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason + "\n", context.RequestAborted).ConfigureAwait(false);
    }
}
