using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Hosting;

/// <summary>Builds the proxy application: service defaults, the proxy's services and its catch-all forwarding endpoint.</summary>
public static class ProxyApplication
{
    /// <summary>Creates the application; <paramref name="configure"/> lets tests adjust the builder before it is built.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddWsProxy();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Limits.MaxRequestHeadersTotalSize = context.Configuration.GetValue($"{ProxyOptions.SectionName}:{nameof(ProxyOptions.MaxRequestHeadersBytes)}", new ProxyOptions().MaxRequestHeadersBytes));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapWsProxy();
        return app;
    }
}
