using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WsProxyLab.Load.Tests;

/// <summary>A real Kestrel WebSocket endpoint that closes every connection with 1001 after it has been silent for a while, as a proxy's read timeout does.</summary>
internal sealed class IdleCloser : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IdleCloser(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    public static async Task<IdleCloser> StartAsync(TimeSpan after)
    {
        var (app, baseUri) = await LoopbackHost.StartAsync((arguments, configure) =>
        {
            var builder = WebApplication.CreateSlimBuilder(arguments);
            configure(builder);
            var app = builder.Build();
            app.UseWebSockets();
            app.Map("/ws/idle", async (HttpContext context) =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                await Task.Delay(after, context.RequestAborted);
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "idle", context.RequestAborted);
            });
            return app;
        }, []);
        return new IdleCloser(app, new Uri($"ws://{baseUri.Authority}/ws/idle"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
