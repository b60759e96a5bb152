namespace WsProxyLab.Proxy.Relay;

/// <summary>
/// Follows the WebSocket frame headers (RFC 6455 §5.2) in one direction of a tunnel without copying payloads, so the
/// proxy knows when it is between frames, the only place it may inject a close frame of its own, and whether a close
/// frame has already gone by.
/// </summary>
internal sealed class FrameBoundaryTracker
{
    private const byte CloseOpcode = 0x8;

    private readonly byte[] _header = new byte[14];
    private int _headerLength;
    private long _payloadRemaining;
    private bool _lost;

    /// <summary>True between frames; false inside a header or payload, or once a partial write made the position unknown.</summary>
    public bool AtBoundary => !_lost && _headerLength == 0 && _payloadRemaining == 0;

    /// <summary>Whether a close frame has passed in this direction.</summary>
    public bool CloseSeen { get; private set; }

    /// <summary>Marks the position unknown (a write failed part-way): no frame may be injected after it.</summary>
    public void Lose() => _lost = true;

    /// <summary>Advances over bytes that were delivered in this direction.</summary>
    public void Observe(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && !_lost)
        {
            if (_payloadRemaining > 0)
            {
                var skipped = (int)Math.Min(_payloadRemaining, data.Length);
                _payloadRemaining -= skipped;
                data = data[skipped..];
                continue;
            }

            _header[_headerLength++] = data[0];
            data = data[1..];
            if (TryCompleteHeader(out var payloadLength))
            {
                CloseSeen |= (_header[0] & 0x0F) == CloseOpcode;
                _payloadRemaining = payloadLength;
                _headerLength = 0;
            }
        }
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
        }

        return true;
    }
}
