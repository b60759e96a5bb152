using WsProxyLab.Proxy.Admin;
using WsProxyLab.Proxy.Forwarding;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the WebSocket proxy, as YARP's <c>MapReverseProxy</c> does.</summary>
public static class WsProxyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>/admin/tunnels</c> and forwards every request no other endpoint matches (the defaults <c>/health</c>,
    /// <c>/alive</c>, <c>/metrics</c> stay the proxy's own).
    /// </summary>
    public static IEndpointConventionBuilder MapWsProxy(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        endpoints.MapGet(AdminEndpoints.TunnelsPath, AdminEndpoints.ListTunnels);
        endpoints.MapPost(AdminEndpoints.DrainPath, AdminEndpoints.Drain);
        var dispatcher = endpoints.ServiceProvider.GetRequiredService<ProxyRequestDispatcher>();
        return endpoints.Map("/{**catch-all}", dispatcher.DispatchAsync).WithOrder(int.MaxValue);
    }
}
