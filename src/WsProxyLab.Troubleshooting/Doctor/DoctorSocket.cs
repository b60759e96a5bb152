using System.Buffers.Binary;
using System.Text;
using WsProxyLab.Load.Connections;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>
/// The WebSocket after a 101, spoken frame by frame: doctor times pings to their pongs and sees every close code as it
/// came, which <see cref="System.Net.WebSockets.WebSocket"/> hides. Frames sent are masked; one read and one write may
/// run at once; frames over 1 MiB end the connection.
/// </summary>
internal sealed class DoctorSocket : IAsyncDisposable
{
    private const int MaxPayloadBytes = 1024 * 1024;

    private readonly EndpointConnection _connection;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _pending;
    private int _pendingOffset;

    public DoctorSocket(EndpointConnection connection, HandshakeResponse response)
    {
        _connection = connection;
        _pending = response.AfterHead;
    }

    /// <summary>Sends one final frame with <paramref name="opcode"/>.</summary>
    public async Task SendAsync(byte opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = new byte[ClientFrame.Length(payload.Length)];
        var length = ClientFrame.Write(frame, opcode, payload.Span);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _connection.Stream.WriteAsync(frame.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            await _connection.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task SendTextAsync(string text, CancellationToken cancellationToken) => SendAsync(ClientFrame.Text, Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Sends a close frame with <paramref name="code"/>.</summary>
    public Task SendCloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        return SendAsync(ClientFrame.Close, payload, cancellationToken);
    }

    /// <summary>
    /// The next frame other than a ping, which is answered with a pong as a browser answers it (a proxy's keep-alive
    /// pings must not end doctor's connections); an <see cref="EndOfStreamException"/> when the connection ends without
    /// a close frame (what a browser reports as 1006).
    /// </summary>
    public async Task<ServerFrame> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await ReceiveFrameAsync(cancellationToken).ConfigureAwait(false);
            if (frame.Opcode != ClientFrame.Ping)
            {
                return frame;
            }

            await SendAsync(ClientFrame.Pong, frame.Payload, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ServerFrame> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        var header = await ReadExactAsync(2, cancellationToken).ConfigureAwait(false);
        var opcode = (byte)(header[0] & 0x0F);
        var final = (header[0] & 0x80) != 0;
        var masked = (header[1] & 0x80) != 0;
        long length = header[1] & 0x7F;
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactAsync(2, cancellationToken).ConfigureAwait(false));
        }
        else if (length == 127)
        {
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadExactAsync(8, cancellationToken).ConfigureAwait(false));
        }

        if (length > MaxPayloadBytes)
        {
            throw new InvalidDataException($"the server sent a frame of {length} bytes, over doctor's {MaxPayloadBytes} B limit");
        }

        var key = masked ? await ReadExactAsync(4, cancellationToken).ConfigureAwait(false) : null;
        var payload = await ReadExactAsync((int)length, cancellationToken).ConfigureAwait(false);
        if (key is not null)
        {
            for (var index = 0; index < payload.Length; index++)
            {
                payload[index] ^= key[index % 4];
            }
        }

        return new ServerFrame(opcode, final, payload);
    }

    /// <summary>Sends a close and waits (bounded) for the server's, so the server sees a clean end.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await SendCloseAsync(1000, "doctor done", deadline.Token).ConfigureAwait(false);
            while ((await ReceiveAsync(deadline.Token).ConfigureAwait(false)).Opcode != ServerFrame.Close)
            {
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or InvalidDataException or ObjectDisposedException)
        {
            // The connection is disposed next either way.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        var filled = 0;
        if (_pendingOffset < _pending.Length)
        {
            filled = Math.Min(count, _pending.Length - _pendingOffset);
            _pending.AsSpan(_pendingOffset, filled).CopyTo(bytes);
            _pendingOffset += filled;
        }

        while (filled < count)
        {
            var read = await _connection.Stream.ReadAsync(bytes.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("the connection ended without a close frame");
            }

            filled += read;
        }

        return bytes;
    }
}
