using System.Net.WebSockets;
using System.Threading.Channels;
using WsProxyLab.Backends.WebSockets;

namespace WsProxyLab.Backends.Chat;

/// <summary>One connection of a chat session: an ordered outbound queue drained by a single writer.</summary>
internal sealed class ChatMember(ChatSession session, WebSocketSession socket, int queueCapacity)
{
    private readonly Channel<ChatOutbound> _outbound = Channel.CreateBounded<ChatOutbound>(
        new BoundedChannelOptions(queueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private (WebSocketCloseStatus Status, string Reason)? _endReason;

    public ChatSession Session { get; } = session;

    /// <summary>Queues a message without blocking the room; a full queue ends the member as too slow (1008).</summary>
    public void Enqueue(ChatOutbound message)
    {
        if (!_outbound.Writer.TryWrite(message))
        {
            End((WebSocketCloseStatus)1008, "send queue overflow: client reads too slowly");
        }
    }

    /// <summary>Stops the writer; it then closes the socket with this status.</summary>
    public void End(WebSocketCloseStatus status, string reason)
    {
        lock (_outbound)
        {
            _endReason ??= (status, reason);
        }

        _outbound.Writer.TryComplete();
    }

    /// <summary>Stops the writer after the queued messages, without a close of its own (the reader handles the close).</summary>
    public void Complete() => _outbound.Writer.TryComplete();

    /// <summary>Sends queued messages in order until the queue completes; returns the close the member was ended with, if any.</summary>
    public async Task<(WebSocketCloseStatus Status, string Reason)?> RunWriterAsync(CancellationToken cancellationToken)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_endReason is not null || !await socket.SendAsync(message.Payload, WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            if (message.Seq > 0)
            {
                Session.LastDeliveredSeq = message.Seq;
            }
        }

        lock (_outbound)
        {
            return _endReason;
        }
    }
}
