using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using WsProxyLab.Backends.Diagnostics;
using WsProxyLab.Backends.Hosting;
using WsProxyLab.Backends.WebSockets;

namespace WsProxyLab.Backends.Chat;

/// <summary>
/// <c>/ws/chat?room=R&amp;user=U[&amp;resume=TOKEN[&amp;lastSeq=N]]</c>: rooms local to the replica. Every text message a
/// member sends is broadcast to the room; a resume on the replica that issued the token replays what was missed,
/// a resume anywhere else is closed with 4001.
/// </summary>
internal static class ChatEndpoint
{
    public const string Path = "/ws/chat";

    public static Task HandleAsync(
        HttpContext context,
        WebSocketEndpoint endpoint,
        ChatRoomRegistry rooms,
        ChatSessionStore sessions,
        BackendIdentity identity,
        IOptions<BackendOptions> options,
        BackendMetrics metrics)
    {
        var request = context.Request;
        if (!QueryParameters.TryGetName(request, "room", out var roomName, out var error)
            || !QueryParameters.TryGetName(request, "user", out var user, out error)
            || !QueryParameters.TryGetOptionalLong(request, "lastSeq", out var lastSeq, out error))
        {
            return endpoint.RejectAsync(context, error!);
        }

        var resumeToken = request.Query["resume"].ToString();
        return endpoint.RunAsync(context, async (socket, cancellationToken) =>
        {
            ChatSession session;
            long? resumeAfter = null;
            if (resumeToken.Length == 0)
            {
                session = sessions.Create(roomName, user);
            }
            else if (sessions.TryResume(resumeToken, roomName, user, out var resumed, out var previous))
            {
                session = resumed!;
                resumeAfter = lastSeq ?? session.LastDeliveredSeq;
                previous?.End((WebSocketCloseStatus)BackendCloseCodes.SessionTakenOver, "session resumed by a newer connection");
            }
            else
            {
                await endpoint.CloseAsync(socket, (WebSocketCloseStatus)BackendCloseCodes.UnknownSessionToken,
                    $"unknown session token on {identity.InstanceId}; resume on the replica that issued it", cancellationToken).ConfigureAwait(false);
                return;
            }

            var member = new ChatMember(session, socket, options.Value.ChatSendQueueCapacity);
            sessions.Attach(session, member);
            var room = rooms.Get(roomName);
            room.Join(member, resumeAfter, seq => ChatProtocol.Welcome(session, seq, identity.InstanceId, resumed: resumeAfter is not null));
            using var readCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var writer = WriteThenCloseAsync(socket, member, readCancellation, options.Value.CloseTimeout, cancellationToken);
            try
            {
                await ReadUntilClosedAsync(socket, endpoint, room, member, options.Value.MaxMessageBytes, metrics, readCancellation.Token).ConfigureAwait(false);
            }
            finally
            {
                room.Leave(member);
                member.Complete();
                sessions.Detach(session, member);
                await writer.ConfigureAwait(false);
            }
        });
    }

    /// <summary>
    /// Runs the member's writer; when the member was ended (too slow, or taken over) it sends that close and gives the
    /// client <paramref name="closeTimeout"/> to answer before the read is cancelled, which aborts the socket.
    /// </summary>
    private static async Task WriteThenCloseAsync(
        WebSocketSession socket, ChatMember member, CancellationTokenSource readCancellation, TimeSpan closeTimeout, CancellationToken cancellationToken)
    {
        try
        {
            if (await member.RunWriterAsync(cancellationToken).ConfigureAwait(false) is { } ended)
            {
                await socket.CloseOutputAsync(ended.Status, ended.Reason, cancellationToken).ConfigureAwait(false);
                readCancellation.CancelAfter(closeTimeout);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
        {
            // The reader sees the same broken socket and ends the session.
            readCancellation.Cancel();
        }
    }

    private static Task ReadUntilClosedAsync(
        WebSocketSession socket, WebSocketEndpoint endpoint, ChatRoom room, ChatMember member, int maxMessageBytes, BackendMetrics metrics, CancellationToken cancellationToken) =>
        endpoint.ReadMessagesAsync(
            socket,
            maxMessageBytes,
            async reader =>
            {
                if (reader.MessageType != WebSocketMessageType.Text)
                {
                    await endpoint.CloseAsync(socket, WebSocketCloseStatus.InvalidMessageType, "chat accepts text messages only", cancellationToken).ConfigureAwait(false);
                    return false;
                }

                metrics.MessageReceived(Path, reader.Message.Length);
                room.Publish(member.Session.User, reader.Message.Span);
                return true;
            },
            cancellationToken);
}
