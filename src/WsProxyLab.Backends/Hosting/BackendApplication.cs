using Microsoft.Extensions.Options;
using WsProxyLab.Backends.Chat;
using WsProxyLab.Backends.Diagnostics;
using WsProxyLab.Backends.WebSockets;

namespace WsProxyLab.Backends.Hosting;

/// <summary>Builds one backend replica: service defaults, WebSocket and streaming endpoints, the instance header.</summary>
public static class BackendApplication
{
    /// <summary>Creates the application; <paramref name="configure"/> lets tests adjust the builder (urls, options) before it is built.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        AddBackendServices(builder.Services);
        configure?.Invoke(builder);

        var app = builder.Build();
        var identity = app.Services.GetRequiredService<BackendIdentity>();
        app.Use((context, next) =>
        {
            context.Response.Headers[BackendIdentity.HeaderName] = identity.InstanceId;
            return next(context);
        });
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = app.Services.GetRequiredService<IOptions<BackendOptions>>().Value.KeepAliveInterval,
        });
        app.MapDefaultEndpoints();
        app.MapBackendEndpoints();
        var logger = app.Services.GetRequiredService<ILogger<BackendIdentity>>();
        app.Lifetime.ApplicationStarted.Register(() => BackendLog.InstanceReady(logger, identity.InstanceId));
        return app;
    }

    private static void AddBackendServices(IServiceCollection services)
    {
        services.AddOptions<BackendOptions>().BindConfiguration(BackendOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BackendOptions>, BackendOptionsValidator>();
        services.AddSingleton<BackendIdentity>();
        services.AddSingleton<BackendMetrics>();
        services.AddSingleton<WebSocketSessionTracker>();
        services.AddHostedService(provider => provider.GetRequiredService<WebSocketSessionTracker>());
        services.AddSingleton<WebSocketAcceptor>();
        services.AddSingleton<WebSocketEndpoint>();
        services.AddSingleton<ChatRoomRegistry>();
        services.AddSingleton<ChatSessionStore>();
    }
}
