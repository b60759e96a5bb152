using Microsoft.AspNetCore.Http.Features;
using WsProxyLab.Backends.Diagnostics;

namespace WsProxyLab.Backends.WebSockets;

/// <summary>Turns a request into a tracked WebSocket session, or answers it with 400/503 and the reason.</summary>
public sealed class WebSocketAcceptor(WebSocketSessionTracker tracker, ILogger<WebSocketAcceptor> logger)
{
    /// <summary>Accepts the handshake; returns null when the request was refused (the response is already written).</summary>
    public async Task<WebSocketSession?> AcceptAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        if (!context.WebSockets.IsWebSocketRequest)
        {
            var reason = HandshakeDiagnosis.Explain(context.Request);
            BackendLog.HandshakeRefused(logger, context.Request.Path, StatusCodes.Status400BadRequest, reason);
            if (reason.Contains("Sec-WebSocket-Version", StringComparison.Ordinal))
            {
                context.Response.Headers.SecWebSocketVersion = "13";
            }

            await RefuseAsync(context, StatusCodes.Status400BadRequest, reason).ConfigureAwait(false);
            return null;
        }

        if (tracker.IsStopping)
        {
            const string reason = "server shutting down";
            BackendLog.HandshakeRefused(logger, context.Request.Path, StatusCodes.Status503ServiceUnavailable, reason);
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, reason).ConfigureAwait(false);
            return null;
        }

        // Compression is negotiated only when the client offers permessage-deflate.
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = true })
            .ConfigureAwait(false);
        return tracker.Register(socket, context.Request.Path);
    }

    /// <summary>Writes a plain-text refusal whose body is the reason.</summary>
    public static Task RefuseAsync(HttpContext context, int statusCode, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);

        context.Response.StatusCode = statusCode;
        context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = null;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }
}
