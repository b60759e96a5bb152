using Microsoft.AspNetCore.Builder;
using WsProxyLab.Proxy.Hosting;

namespace WsProxyLab.Proxy.Tests;

/// <summary>The proxy on Kestrel at 127.0.0.1 with a kernel-chosen port, with one route <c>/</c> to the given destinations.</summary>
internal sealed class LoopbackProxy : IAsyncDisposable
{
    private LoopbackProxy(WebApplication app, Uri baseUri)
    {
        App = app;
        BaseUri = baseUri;
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    /// <summary>Starts the proxy; <paramref name="routeId"/> names the route (metrics of every host in a test process share one meter name, so tests that read exact counts use their own route).</summary>
    public static async Task<LoopbackProxy> StartAsync(
        IEnumerable<Uri> destinations,
        IReadOnlyDictionary<string, string?>? settings = null,
        string routeId = "all",
        bool tls = false,
        string? configFile = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var arguments = destinations.Select((uri, index) => $"--Proxy:Routes:{routeId}:Destinations:d{index}:Address={uri.GetLeftPart(UriPartial.Authority)}")
            .Append($"--Proxy:Routes:{routeId}:PathPrefix=/")
            .Concat(LoopbackHost.AsArguments(settings))
            .Concat(configFile is null ? [] : ["--config", configFile]);
        var (app, baseUri) = await LoopbackHost.StartAsync(ProxyApplication.Create, arguments, https: tls, configure);
        return new LoopbackProxy(app, baseUri);
    }

    public Uri WebSocketUri(string pathAndQuery) => new($"{(BaseUri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws")}://{BaseUri.Authority}{pathAndQuery}");

    public Uri HttpUri(string pathAndQuery) => new(BaseUri, pathAndQuery);

    /// <summary>Opens a hand-spoken WebSocket through the proxy to <paramref name="pathAndQuery"/>, asserting the 101.</summary>
    public async Task<RawWebSocketConnection> OpenRawAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        var connection = await RawWebSocketConnection.ConnectAsync(BaseUri, cancellationToken);
        var (status, _, body) = await connection.SendHandshakeAsync(RawWebSocketConnection.HandshakeLines(BaseUri, pathAndQuery), cancellationToken);
        Xunit.Assert.True(status == 101, $"expected 101, got {status}: {body}");
        return connection;
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
