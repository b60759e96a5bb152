using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WsProxyLab.Proxy.Tests;

/// <summary>
/// A Kestrel upstream that can be told it is going down: its <c>/health</c> then answers 503, and <see cref="DropConnections"/>
/// aborts every WebSocket connection without a close frame, as a process killed mid-restart would.
/// </summary>
internal sealed class DrainingUpstream : IAsyncDisposable
{
    private readonly CancellationTokenSource _drop = new();
    private volatile bool _draining;
    private int _unhealthyAnswers;

    private DrainingUpstream()
    {
    }

    public WebApplication App { get; private set; } = null!;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>How many times <c>/health</c> has answered 503.</summary>
    public int UnhealthyAnswers => Volatile.Read(ref _unhealthyAnswers);

    public static async Task<DrainingUpstream> StartAsync()
    {
        var upstream = new DrainingUpstream();
        (upstream.App, upstream.BaseUri) = await LoopbackHost.StartAsync(upstream.Create, []);
        return upstream;
    }

    public void StartDraining() => _draining = true;

    public void DropConnections() => _drop.Cancel();

    private WebApplication Create(string[] args, Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure(builder);
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/health", () =>
        {
            if (!_draining)
            {
                return Results.Ok();
            }

            Interlocked.Increment(ref _unhealthyAnswers);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        app.Map("/ws", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, _drop.Token);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
            }
        });
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        await _drop.CancelAsync();
        await App.DisposeAsync();
        _drop.Dispose();
    }
}
