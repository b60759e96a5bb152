using System.Buffers.Binary;
using System.Diagnostics;

namespace WsProxyLab.Load.Connections;

/// <summary>
/// A client WebSocket's connection stream that can send a protocol ping between the frames the WebSocket writes and
/// sees the pong go by. .NET's <see cref="System.Net.WebSockets.WebSocket"/> neither sends a ping on request nor shows
/// the pongs it receives, so k6's <c>ws_ping</c> is measured here: the ping goes out between frames (the base class
/// serialises writes), and the server's frame headers are followed (payloads are skipped, not copied) to spot the pong
/// that carries the ping's payload back (an unsolicited keep-alive pong does not count).
/// </summary>
internal sealed class PingingStream(Stream inner) : ClientFrameStream(inner)
{
    private const int PongOpcode = 0xA;
    private const int PingPayloadBytes = 8;

    private readonly byte[] _header = new byte[14];
    private int _headerHave;
    private long _payloadRemaining;
    private readonly byte[] _pongPayload = new byte[PingPayloadBytes];
    private TaskCompletionSource<TimeSpan>? _pong;
    private long _pingSentAt;
    private long _pingPayload;
    private bool _inPong;
    private int _pongPayloadHave;

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

        var payload = Stopwatch.GetTimestamp();
        Volatile.Write(ref _pingPayload, payload);
        var payloadBytes = new byte[PingPayloadBytes];
        BinaryPrimitives.WriteInt64BigEndian(payloadBytes, payload);
        var frame = new byte[ClientFrame.Length(PingPayloadBytes)];
        ClientFrame.Write(frame, ClientFrame.Ping, payloadBytes);

        try
        {
            await WriteExclusiveAsync(frame, () => Volatile.Write(ref _pingSentAt, Stopwatch.GetTimestamp()), cancellationToken).ConfigureAwait(false);
            return await pong.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.CompareExchange(ref _pong, null, pong);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Follow(buffer.Span[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = Inner.Read(buffer, offset, count);
        Follow(buffer.AsSpan(offset, read));
        return read;
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
