using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;

namespace WsProxyLab.Load.Connections;

/// <summary>
/// A client WebSocket's connection stream that can send a protocol ping between the frames the WebSocket writes and
/// sees the pong go by. .NET's <see cref="System.Net.WebSockets.WebSocket"/> neither sends a ping on request nor shows
/// the pongs it receives, so k6's <c>ws_ping</c> is measured here: writes are serialised so a ping never lands inside
/// another frame, and the server's frame headers are followed (payloads are skipped, not copied) to spot the pong that
/// carries the ping's payload back (an unsolicited keep-alive pong does not count).
/// </summary>
internal sealed class PingingStream(Stream inner) : Stream
{
    private const byte PingFrame = 0x89;
    private const int PongOpcode = 0xA;
    private const int PingPayloadBytes = 8;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _header = new byte[14];
    private int _headerHave;
    private long _payloadRemaining;
    private readonly byte[] _pongPayload = new byte[PingPayloadBytes];
    private TaskCompletionSource<TimeSpan>? _pong;
    private long _pingSentAt;
    private long _pingPayload;
    private bool _inPong;
    private int _pongPayloadHave;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Whether a ping is waiting for its pong.</summary>
    public bool PingInFlight => Volatile.Read(ref _pong) is not null;

    /// <summary>Sends a ping and completes with the time until its pong; one at a time.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken)
    {
        var pong = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _pong, pong, null) is not null)
        {
            throw new InvalidOperationException("A ping is already waiting for its pong on this connection.");
        }

        var frame = new byte[2 + 4 + PingPayloadBytes];
        frame[0] = PingFrame;
        frame[1] = 0x80 | PingPayloadBytes;
        RandomNumberGenerator.Fill(frame.AsSpan(2, 4));
        var payload = Stopwatch.GetTimestamp();
        Volatile.Write(ref _pingPayload, payload);
        BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(6), payload);
        for (var index = 0; index < PingPayloadBytes; index++)
        {
            frame[6 + index] ^= frame[2 + (index % 4)];
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                Volatile.Write(ref _pingSentAt, Stopwatch.GetTimestamp());
                await inner.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }

            return await pong.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.CompareExchange(ref _pong, null, pong);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Follow(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Follow(buffer.AsSpan(offset, read));
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
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

    /// <summary>Follows the server's frames through <paramref name="data"/>: headers byte by byte, payloads skipped.</summary>
    private void Follow(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_payloadRemaining > 0)
            {
                var skipped = (int)Math.Min(_payloadRemaining, data.Length);
                if (_inPong)
                {
                    FollowPong(data[..skipped]);
                }

                _payloadRemaining -= skipped;
                data = data[skipped..];
                continue;
            }

            _header[_headerHave++] = data[0];
            data = data[1..];
            if (_headerHave < 2 || _headerHave < HeaderLength())
            {
                continue;
            }

            _payloadRemaining = PayloadLength();
            _inPong = (_header[0] & 0x0F) == PongOpcode && _payloadRemaining == PingPayloadBytes;
            _pongPayloadHave = 0;
            _headerHave = 0;
        }
    }

    private void FollowPong(ReadOnlySpan<byte> payload)
    {
        var taken = Math.Min(payload.Length, PingPayloadBytes - _pongPayloadHave);
        payload[..taken].CopyTo(_pongPayload.AsSpan(_pongPayloadHave));
        _pongPayloadHave += taken;
        if (_pongPayloadHave < PingPayloadBytes)
        {
            return;
        }

        _inPong = false;
        if (BinaryPrimitives.ReadInt64BigEndian(_pongPayload) == Volatile.Read(ref _pingPayload) && Volatile.Read(ref _pong) is { } pong)
        {
            pong.TrySetResult(Stopwatch.GetElapsedTime(Volatile.Read(ref _pingSentAt)));
        }
    }

    private int HeaderLength() => 2 + ((_header[1] & 0x7F) switch { 126 => 2, 127 => 8, _ => 0 }) + ((_header[1] & 0x80) != 0 ? 4 : 0);

    private long PayloadLength() => (_header[1] & 0x7F) switch
    {
        126 => BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2)),
        127 => (long)BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2)),
        var length => length,
    };
}
