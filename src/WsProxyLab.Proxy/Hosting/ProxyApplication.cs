using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using WsProxyLab.Proxy.Configuration;
using WsProxyLab.Proxy.Diagnostics;
using WsProxyLab.Proxy.Tls;
using WsProxyLab.Proxy.Transport;

namespace WsProxyLab.Proxy.Hosting;

/// <summary>Builds the proxy application: service defaults, the proxy's services and its catch-all forwarding endpoint.</summary>
public static class ProxyApplication
{
    /// <summary>Where Kestrel logs the requests it refuses before the proxy sees them, with the reason.</summary>
    public const string KestrelBadRequestsCategory = "Microsoft.AspNetCore.Server.Kestrel.BadRequests";

    /// <summary>Creates the application; <paramref name="configure"/> lets tests adjust the builder before it is built.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (ConfigFile(args) is { } file)
        {
            // --config FILE: JSON in appsettings form, watched; route changes apply in process (see RouteTable).
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: true);
        }

        builder.AddServiceDefaults();
        // Kestrel refuses a malformed request head itself (431 for oversized headers, 400 for a duplicate Host or a NUL)
        // and says why only at Debug; a proxy's operator wants that reason at its default level, as nginx logs it.
        builder.Logging.AddFilter(KestrelBadRequestsCategory, LogLevel.Debug);
        builder.Services.AddWsProxy();
        // The relay never blocks, so Kestrel's continuations run on the socket threads instead of hopping to the thread
        // pool: less CPU and latency per relayed message on this 2-core machine (76 → 58 µs per echo in bench/WsProxyLab.Bench).
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        if (builder.Configuration.GetValue($"{ProxyOptions.SectionName}:{nameof(ProxyOptions.ClientSocketHandoff)}", new ProxyOptions().ClientSocketHandoff))
        {
            // Registered after UseSockets, so Kestrel prefers it for TCP endpoints (its own transport keeps the others).
            builder.Services.AddSingleton<IConnectionListenerFactory, ClientTransportFactory>();
        }
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var defaults = new ProxyOptions();
            kestrel.Limits.MaxRequestHeadersTotalSize = context.Configuration.GetValue(
                $"{ProxyOptions.SectionName}:{nameof(ProxyOptions.MaxRequestHeadersBytes)}", defaults.MaxRequestHeadersBytes);
            var handshakeTimeout = context.Configuration.GetValue(
                $"{ProxyOptions.SectionName}:{nameof(ProxyOptions.HandshakeTimeout)}", defaults.HandshakeTimeout);
            if (handshakeTimeout > TimeSpan.Zero)
            {
                // A non-positive value is reported by the options validator at start.
                kestrel.Limits.RequestHeadersTimeout = handshakeTimeout;
            }
            // Read once the server is bound (the first connection comes after), so port 0 is known by its real port.
            var tlsPorts = new Lazy<HashSet<int>>(() => TlsPorts(kestrel.ApplicationServices));
            var loggers = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>();
            kestrel.ConfigureEndpointDefaults(listen =>
            {
                // The first added runs first: a silent connection is ended before anything waits on its first byte.
                if (handshakeTimeout > TimeSpan.Zero)
                {
                    listen.Use(FirstByteDeadline.Middleware(handshakeTimeout, port => tlsPorts.Value.Contains(port),
                        kestrel.ApplicationServices.GetRequiredService<ProxyMetrics>(), loggers.CreateLogger(typeof(FirstByteDeadline).FullName!)));
                }

                listen.Use(PlainBytesOnTlsPort.Middleware(port => tlsPorts.Value.Contains(port), loggers.CreateLogger(typeof(PlainBytesOnTlsPort).FullName!)));
            });
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                // Asked on every handshake, so a reloaded certificate is served at once.
                https.ServerCertificateSelector = (_, _) => kestrel.ApplicationServices.GetRequiredService<CertificateStore>().Current;
            });
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapWsProxy();
        return app;
    }

    /// <summary>The ports of the https:// addresses the server is bound to.</summary>
    private static HashSet<int> TlsPorts(IServiceProvider services) =>
    [
        .. (services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [])
            .Select(url => url.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal))
            .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri.Port : 0)
            .Where(port => port > 0),
    ];

    private static string? ConfigFile(string[] args)
    {
        var index = Array.IndexOf(args, "--config");
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
