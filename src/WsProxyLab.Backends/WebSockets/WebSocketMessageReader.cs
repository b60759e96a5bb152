using System.Buffers;
using System.Net.WebSockets;

namespace WsProxyLab.Backends.WebSockets;

/// <summary>What one read of a whole message produced.</summary>
public enum MessageReadOutcome
{
    /// <summary>A complete message is in <see cref="WebSocketMessageReader.Message"/>.</summary>
    Message,

    /// <summary>The peer sent a close frame.</summary>
    Close,

    /// <summary>The message grew past the size limit; the rest was not read.</summary>
    TooBig,
}

/// <summary>Reads whole WebSocket messages into one pooled buffer that grows up to a size limit.</summary>
public sealed class WebSocketMessageReader(WebSocket socket, int maxMessageBytes) : IDisposable
{
    private const int InitialBufferBytes = 4096;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, maxMessageBytes + 1));
    private int _length;

    /// <summary>The type of the last message read.</summary>
    public WebSocketMessageType MessageType { get; private set; }

    /// <summary>The last message read; valid until the next read.</summary>
    public ReadOnlyMemory<byte> Message => _buffer.AsMemory(0, _length);

    /// <summary>The size limit, for close reasons.</summary>
    public int MaxMessageBytes => maxMessageBytes;

    /// <summary>Reads frames until a message is complete, the peer closes, or the limit is passed.</summary>
    public async ValueTask<MessageReadOutcome> ReadAsync(CancellationToken cancellationToken)
    {
        _length = 0;
        while (true)
        {
            if (_length == _buffer.Length)
            {
                Grow();
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(_length), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return MessageReadOutcome.Close;
            }

            _length += result.Count;
            if (_length > maxMessageBytes)
            {
                return MessageReadOutcome.TooBig;
            }

            if (result.EndOfMessage)
            {
                MessageType = result.MessageType;
                return MessageReadOutcome.Message;
            }
        }
    }

    private void Grow()
    {
        // One byte past the limit is enough to tell that a message is too big.
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_buffer.Length * 2L, maxMessageBytes + 1L));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
