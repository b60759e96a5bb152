using System.Buffers;
using System.Buffers.Text;

namespace WsProxyLab.Backends.Source;

/// <summary>Writes <c>{"seq":n,"ts":µs,"pad":"xx…"}</c> padded to an exact size into one pooled buffer, without allocating per message.</summary>
internal sealed class SourceMessage : IDisposable
{
    /// <summary>Room for the largest seq and ts numbers with an empty pad.</summary>
    public const int MinimumSize = 64;

    private readonly int _size;
    private byte[] _buffer;

    public SourceMessage(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinimumSize);
        _size = size;
        _buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    public ReadOnlyMemory<byte> Write(long seq, long timestampMicroseconds)
    {
        var span = _buffer.AsSpan(0, _size);
        var position = Append(span, 0, "{\"seq\":"u8);
        position += Format(span[position..], seq);
        position = Append(span, position, ",\"ts\":"u8);
        position += Format(span[position..], timestampMicroseconds);
        position = Append(span, position, ",\"pad\":\""u8);
        var padEnd = _size - 2;
        span[position..padEnd].Fill((byte)'x');
        Append(span, padEnd, "\"}"u8);
        return _buffer.AsMemory(0, _size);
    }

    private static int Append(Span<byte> destination, int position, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination[position..]);
        return position + text.Length;
    }

    private static int Format(Span<byte> destination, long value) =>
        Utf8Formatter.TryFormat(value, destination, out var written) ? written : throw new InvalidOperationException("source message buffer too small");

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
