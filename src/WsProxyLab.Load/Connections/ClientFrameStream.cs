using System.Buffers;

namespace WsProxyLab.Load.Connections;

/// <summary>
/// A client WebSocket's connection stream that the pool also writes whole frames to, beside the WebSocket's own writes
/// (pongs, closes): every write is serialised, so a frame never lands inside another. Sending data frames here rather
/// than through the WebSocket draws their masking keys from <see cref="MaskKeys"/>, a block of CSPRNG bytes at a time.
/// </summary>
internal class ClientFrameStream(Stream inner) : Stream
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    protected Stream Inner => inner;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Sends <paramref name="payload"/> as one final, masked frame with <paramref name="opcode"/>.</summary>
    public async ValueTask WriteFrameAsync(byte opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = ArrayPool<byte>.Shared.Rent(ClientFrame.Length(payload.Length));
        try
        {
            var length = ClientFrame.Write(frame, opcode, payload.Span);
            await WriteAsync(frame.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        WriteExclusiveAsync(buffer, justBeforeWrite: null, cancellationToken);

    /// <summary>Writes <paramref name="buffer"/> when no other write is under way; <paramref name="justBeforeWrite"/> runs once it is this write's turn.</summary>
    protected async ValueTask WriteExclusiveAsync(ReadOnlyMemory<byte> buffer, Action? justBeforeWrite, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            justBeforeWrite?.Invoke();
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _writeLock.Dispose();
        }

        base.Dispose(disposing);
    }
}
