using System.Net;

namespace WsProxyLab.Proxy.Admin;

/// <summary>The admin API, answered to loopback clients only: <c>GET /admin/tunnels</c> and <c>POST /admin/drain</c>.</summary>
internal static class AdminEndpoints
{
    public const string TunnelsPath = "/admin/tunnels";

    public const string DrainPath = "/admin/drain";

    /// <summary><c>POST /admin/drain</c>: drains (see <see cref="DrainCoordinator"/>) and then stops the process; answers 202 at once.</summary>
    public static IResult Drain(HttpContext context, DrainCoordinator drain, TunnelRegistry registry, IHostApplicationLifetime lifetime)
    {
        if (!IsLoopback(context))
        {
            return NotLoopback();
        }

        var open = registry.Count;
        _ = drain.DrainAsync().ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default);
        return Results.Accepted(value: new { Draining = true, OpenTunnels = open });
    }

    public static IResult ListTunnels(HttpContext context, TunnelRegistry registry, TimeProvider timeProvider)
    {
        if (!IsLoopback(context))
        {
            return NotLoopback();
        }

        var now = timeProvider.GetUtcNow();
        return Results.Json(registry.Snapshot().Select(tunnel => new
        {
            tunnel.Id,
            tunnel.Route,
            tunnel.Destination,
            tunnel.Client,
            AgeSeconds = Math.Round((now - tunnel.OpenedAt).TotalSeconds, 3),
            BytesClientToUpstream = tunnel.Traffic.ClientToUpstream.Bytes,
            BytesUpstreamToClient = tunnel.Traffic.UpstreamToClient.Bytes,
            MessagesClientToUpstream = tunnel.Traffic.ClientToUpstream.Messages,
            MessagesUpstreamToClient = tunnel.Traffic.UpstreamToClient.Messages,
        }));
    }

    private static bool IsLoopback(HttpContext context) => context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    private static IResult NotLoopback() => Results.Text("the admin API answers loopback clients only", statusCode: StatusCodes.Status403Forbidden);
}
