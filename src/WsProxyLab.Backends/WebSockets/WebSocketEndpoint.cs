using System.Net.WebSockets;
using WsProxyLab.Backends.Diagnostics;

namespace WsProxyLab.Backends.WebSockets;

/// <summary>The life of one WebSocket request: accept, run the endpoint's loop, and end quietly when the peer vanishes.</summary>
public sealed class WebSocketEndpoint(WebSocketAcceptor acceptor, ILogger<WebSocketEndpoint> logger)
{
    /// <summary>How long a server-initiated close waits for the peer's answer.</summary>
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a socket that aborted itself after sending its close keeps the connection open.</summary>
    private static readonly TimeSpan AbortLinger = TimeSpan.FromSeconds(1);

    /// <summary>Accepts the handshake and runs <paramref name="session"/> until it returns or the connection is lost.</summary>
    public async Task RunAsync(HttpContext context, Func<WebSocketSession, CancellationToken, Task> session)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(session);

        var accepted = await acceptor.AcceptAsync(context).ConfigureAwait(false);
        if (accepted is null)
        {
            return;
        }

        await using (accepted.ConfigureAwait(false))
        {
            try
            {
                await session(accepted, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
            {
                // A peer that resets, sends invalid UTF-8 (the socket itself answers 1007) or disappears ends only its own session.
                BackendLog.SessionEndedAbnormally(logger, accepted.Endpoint, exception.Message);
                if (accepted.Socket.State == WebSocketState.CloseSent)
                {
                    await accepted.WaitForPeerCloseAsync(CloseHandshakeTimeout, context.RequestAborted).ConfigureAwait(false);
                }
                else if (accepted.Socket.State == WebSocketState.Aborted)
                {
                    // The socket sent its close (1007, 1002) and aborted itself. Ending the request at once can reset the
                    // connection before the client reads that close frame; linger until the client goes or a second passes.
                    await LingerAsync(context.RequestAborted).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task LingerAsync(CancellationToken clientGone)
    {
        try
        {
            await Task.Delay(AbortLinger, clientGone).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client closed the connection: nothing left to protect.
        }
    }

    /// <summary>Refuses a request whose query is invalid with 400 and the reason.</summary>
    public Task RejectAsync(HttpContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);

        BackendLog.BadRequest(logger, context.Request.Path, reason);
        return WebSocketAcceptor.RefuseAsync(context, StatusCodes.Status400BadRequest, reason);
    }

    /// <summary>
    /// Reads whole messages (up to <paramref name="maxMessageBytes"/>) and hands each to <paramref name="onMessage"/>
    /// until it returns false, the peer closes, or a message is too big (closed with 1009). The peer's close is answered
    /// with its own status, or with <paramref name="closeReply"/> when given.
    /// </summary>
    public async Task ReadMessagesAsync(
        WebSocketSession session,
        int maxMessageBytes,
        Func<WebSocketMessageReader, ValueTask<bool>> onMessage,
        CancellationToken cancellationToken,
        Func<string>? closeReply = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(onMessage);

        using var reader = new WebSocketMessageReader(session.Socket, maxMessageBytes);
        while (true)
        {
            switch (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                case MessageReadOutcome.Close when closeReply is null:
                    await session.AcknowledgeCloseAsync(cancellationToken).ConfigureAwait(false);
                    return;
                case MessageReadOutcome.Close:
                    await session.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, closeReply(), cancellationToken).ConfigureAwait(false);
                    return;
                case MessageReadOutcome.TooBig:
                    await CloseAsync(session, WebSocketCloseStatus.MessageTooBig, $"message exceeds {maxMessageBytes} bytes", cancellationToken).ConfigureAwait(false);
                    return;
                default:
                    if (!await onMessage(reader).ConfigureAwait(false))
                    {
                        return;
                    }

                    break;
            }
        }
    }

    /// <summary>Closes with <paramref name="status"/> and waits for the peer's answer, logging why.</summary>
    public Task CloseAsync(WebSocketSession session, WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);

        BackendLog.ClosingSession(logger, session.Endpoint, (int)status, reason);
        return session.CloseAndDrainAsync(status, reason, CloseHandshakeTimeout, cancellationToken);
    }
}
