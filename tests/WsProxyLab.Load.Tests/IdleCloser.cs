using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/ws/idle", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await Task.Delay(after, context.RequestAborted);
            await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "idle", context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IdleCloser(app, new Uri($"ws://{new Uri(address).Authority}/ws/idle"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
