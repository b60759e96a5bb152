using System.Net;

namespace WsProxyLab.Proxy.Admin;

/// <summary><c>GET /admin/tunnels</c>: the open tunnels with client, destination, age and bytes. Answered to loopback clients only.</summary>
internal static class AdminEndpoints
{
    public const string TunnelsPath = "/admin/tunnels";

    public static IResult ListTunnels(HttpContext context, TunnelRegistry registry, TimeProvider timeProvider)
    {
        if (context.Connection.RemoteIpAddress is not { } address || !IPAddress.IsLoopback(address))
        {
            return Results.Text("the admin API answers loopback clients only", statusCode: StatusCodes.Status403Forbidden);
        }

        var now = timeProvider.GetUtcNow();
        return Results.Json(registry.Snapshot().Select(tunnel => new
        {
            tunnel.Id,
            tunnel.Route,
            tunnel.Destination,
            tunnel.Client,
            AgeSeconds = Math.Round((now - tunnel.OpenedAt).TotalSeconds, 3),
            BytesClientToUpstream = tunnel.Traffic.ClientToUpstream.Value,
            BytesUpstreamToClient = tunnel.Traffic.UpstreamToClient.Value,
        }));
    }
}
