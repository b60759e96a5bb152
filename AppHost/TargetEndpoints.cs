using System.Globalization;

namespace WsProxyLab.AppHost;

/// <summary>
/// Endpoints on ports chosen before the model is built, not proxied by DCP: clients and peers reach each resource
/// itself (a DCP proxy in front of a replica would hide its own address from sticky and hash policies, and would add a
/// user-space hop to every measured path). Rendered configurations need the ports up front.
/// </summary>
internal static class TargetEndpoints
{
    /// <summary>The <c>http</c> (and <c>https</c>) endpoint on the same port inside and out, its echo URLs, and the health check.</summary>
    public static IResourceBuilder<T> WithLabEndpoints<T>(this IResourceBuilder<T> builder, int port, int? tlsPort)
        where T : IResourceWithEndpoints
    {
        builder.WithEndpoint(port: port, targetPort: port, scheme: "http", name: "http", isProxied: false)
            .WithUrlForEndpoint("http", url => url.DisplayText = "http (ws://)")
            .WithUrl(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{port}/ws/echo"), "ws:// echo");
        if (tlsPort is { } secure)
        {
            builder.WithEndpoint(port: secure, targetPort: secure, scheme: "https", name: "https", isProxied: false)
                .WithUrlForEndpoint("https", url => url.DisplayText = "https (wss://, lab CA)")
                .WithUrl(string.Create(CultureInfo.InvariantCulture, $"wss://127.0.0.1:{secure}/ws/echo"), "wss:// echo");
        }

        return builder.WithHttpHealthCheck("/health", endpointName: "http");
    }
}
