using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Admin;
using WsProxyLab.Proxy.Balancing;
using WsProxyLab.Proxy.Configuration;
using WsProxyLab.Proxy.Diagnostics;
using WsProxyLab.Proxy.Forwarding;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the WebSocket proxy, as YARP's <c>AddReverseProxy</c> does.</summary>
public static class WsProxyServiceCollectionExtensions
{
    /// <summary>Adds the proxy's services and binds and validates <c>Proxy</c> options at start.</summary>
    public static IServiceCollection AddWsProxy(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RouteTable>();
        services.AddSingleton<ProxyMetrics>();
        services.AddHostedService<HandshakeTimeoutObserver>();
        services.AddSingleton<WsProxyLab.Proxy.Tls.CertificateStore>();
        services.AddSingleton<WsProxyLab.Proxy.Tls.UpstreamTls>();
        services.AddSingleton<TunnelRegistry>();
        services.AddSingleton<WsProxyLab.Proxy.Relay.TunnelWatchdog>();
        services.AddSingleton<TunnelAdmission>();
        services.AddHostedService<ActiveHealthProber>();
        services.AddHostedService<MemoryTrimmer>();
        services.AddSingleton<DrainCoordinator>();
        services.AddHostedService(provider => provider.GetRequiredService<DrainCoordinator>());
        services.AddHealthChecks().AddCheck<DrainHealthCheck>("drain");
        // The host must wait out a drain before it gives up on stopping.
        services.AddOptions<HostOptions>().Configure<IOptions<ProxyOptions>>((host, proxy) =>
            host.ShutdownTimeout = proxy.Value.DrainTimeout + TimeSpan.FromSeconds(5));
        services.AddSingleton<WebSocketForwarder>();
        services.AddSingleton<HttpForwarder>();
        services.AddSingleton<ProxyRequestDispatcher>();
        return services;
    }
}
