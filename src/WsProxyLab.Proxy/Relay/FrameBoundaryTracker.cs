namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// Follows the WebSocket frame headers (RFC 6455 §5.2) in one direction of a tunnel without copying payloads, so the
/// proxy knows when it is between frames (the only place it may inject a frame of its own) and whether a close frame has
/// already gone by. In <c>frames</c> mode it also counts messages, holds back a header split across reads until it is
/// whole (so every write ends at a frame boundary or inside a payload, never inside a header) and stops at the header of
/// a message that would exceed the size limit.
/// </summary>
internal sealed class FrameBoundaryTracker
{
    private const byte CloseOpcode = 0x8;
    private const byte PongOpcode = 0xA;
    private const int MaxHeaderBytes = 14;

    private readonly DirectionTraffic? _messages;
    private readonly long _maxMessageBytes;
    private readonly byte[] _header = new byte[MaxHeaderBytes];
    private int _headerLength;
    private long _payloadRemaining;
    private long _messageBytes;
    private long _pongs;
    private bool _lost;

    /// <summary>A tracker for <c>tunnel</c> mode: it follows frames but forwards every byte as it comes.</summary>
    public FrameBoundaryTracker()
    {
    }

    /// <summary>A tracker for <c>frames</c> mode, counting messages into <paramref name="messages"/>; a positive <paramref name="maxMessageBytes"/> limits message size.</summary>
    public FrameBoundaryTracker(DirectionTraffic messages, long maxMessageBytes)
    {
        _messages = messages;
        _maxMessageBytes = maxMessageBytes;
    }

    private bool InspectsFrames => _messages is not null;

    /// <summary>
    /// True when what has been delivered ends between frames (a header held back in <c>frames</c> mode has not been
    /// delivered); false inside a header or payload, or once a partial write made the position unknown.
    /// </summary>
    public bool AtBoundary => !_lost && _payloadRemaining == 0 && (InspectsFrames || _headerLength == 0);

    /// <summary>Whether a close frame has passed in this direction.</summary>
    public bool CloseSeen { get; private set; }

    /// <summary>Pong frames seen in this direction (read from another thread by the keep-alive).</summary>
    public long Pongs => Volatile.Read(ref _pongs);

    /// <summary>Marks the position unknown (a write failed part-way): no frame may be injected after it.</summary>
    public void Lose() => _lost = true;

    /// <summary>
    /// In <c>frames</c> mode, moves a header held back by the last <see cref="Scan"/> to the start of
    /// <paramref name="buffer"/>, to be scanned again with the bytes read after it; returns its length.
    /// </summary>
    public int RestoreHeldBack(Span<byte> buffer)
    {
        if (!InspectsFrames || _headerLength == 0)
        {
            return 0;
        }

        var length = _headerLength;
        _header.AsSpan(0, length).CopyTo(buffer);
        _headerLength = 0;
        return length;
    }

    /// <summary>
    /// Advances over bytes about to be delivered and returns how many of them may be delivered now: all of them in
    /// <c>tunnel</c> mode; in <c>frames</c> mode all but an incomplete trailing header (held back), or, when a message
    /// would exceed the limit, the bytes before that frame's header (with <paramref name="messageTooBig"/> set).
    /// </summary>
    public int Scan(ReadOnlySpan<byte> data, out bool messageTooBig)
    {
        messageTooBig = false;
        var position = 0;
        var headerStart = 0;
        while (position < data.Length && !_lost)
        {
            if (_payloadRemaining > 0)
            {
                var skipped = (int)Math.Min(_payloadRemaining, data.Length - position);
                _payloadRemaining -= skipped;
                position += skipped;
                continue;
            }

            if (_headerLength == 0)
            {
                headerStart = position;
            }

            _header[_headerLength++] = data[position++];
            if (!TryCompleteHeader(out var payloadLength))
            {
                continue;
            }

            _headerLength = 0;
            if (!AcceptFrame(payloadLength))
            {
                messageTooBig = true;
                return headerStart;
            }

            _payloadRemaining = payloadLength;
        }

        // frames mode keeps an incomplete header back: the next scan sees it again, whole, at the start of the next read.
        return InspectsFrames && _headerLength > 0 ? headerStart : data.Length;
    }

    /// <summary>Records a complete frame header; false when the frame would take its message over the limit.</summary>
    private bool AcceptFrame(long payloadLength)
    {
        var opcode = (byte)(_header[0] & 0x0F);
        var final = (_header[0] & 0x80) != 0;
        CloseSeen |= opcode == CloseOpcode;
        if (opcode == PongOpcode)
        {
            Interlocked.Increment(ref _pongs);
        }

        if (!InspectsFrames || opcode >= CloseOpcode)
        {
            return true;
        }

        // A text or binary opcode starts a message; continuation frames (opcode 0) add to it.
        _messageBytes = opcode == 0 ? _messageBytes + payloadLength : payloadLength;
        if (_maxMessageBytes > 0 && _messageBytes > _maxMessageBytes)
        {
            return false;
        }

        if (final)
        {
            _messages!.AddMessage();
        }

        return true;
    }

    private bool TryCompleteHeader(out long payloadLength)
    {
        payloadLength = 0;
        if (_headerLength < 2)
        {
            return false;
        }

        var lengthCode = _header[1] & 0x7F;
        var extendedBytes = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
        var maskBytes = (_header[1] & 0x80) != 0 ? 4 : 0;
        if (_headerLength < 2 + extendedBytes + maskBytes)
        {
            return false;
        }

        payloadLength = lengthCode;
        if (extendedBytes > 0)
        {
            payloadLength = 0;
            for (var i = 0; i < extendedBytes; i++)
            {
                payloadLength = (payloadLength << 8) | _header[2 + i];
            }
        }

        if (payloadLength < 0)
        {
            // A 64-bit length with the top bit set is invalid; the position can no longer be followed.
            _lost = true;
            payloadLength = 0;
        }

        return true;
    }
}
