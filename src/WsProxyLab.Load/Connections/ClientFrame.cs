using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Runtime.InteropServices;

namespace WsProxyLab.Load.Connections;

/// <summary>A client's WebSocket frame (RFC 6455 §5.2): FIN set, one opcode, a masked payload with a key from a strong source.</summary>
public static class ClientFrame
{
    /// <summary>The length of a masking key.</summary>
    public const int MaskBytes = 4;

    /// <summary>The opcode of a text frame.</summary>
    public const byte Text = 0x1;

    /// <summary>The opcode of a binary frame.</summary>
    public const byte Binary = 0x2;

    /// <summary>The opcode of a close frame.</summary>
    public const byte Close = 0x8;

    /// <summary>The opcode of a ping frame.</summary>
    public const byte Ping = 0x9;

    /// <summary>The opcode of a pong frame.</summary>
    public const byte Pong = 0xA;

    private const byte Final = 0x80;
    private const byte Masked = 0x80;

    /// <summary>The opcode of a whole message of <paramref name="type"/>.</summary>
    public static byte OpcodeOf(WebSocketMessageType type) => type switch
    {
        WebSocketMessageType.Text => Text,
        WebSocketMessageType.Binary => Binary,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only text and binary messages are sent as data; close with the WebSocket."),
    };

    /// <summary>The frame's length for a payload of <paramref name="payloadBytes"/>.</summary>
    public static int Length(int payloadBytes) => HeaderLength(payloadBytes) + payloadBytes;

    /// <summary>Writes a final frame with <paramref name="opcode"/> and the masked <paramref name="payload"/>; returns its length.</summary>
    public static int Write(Span<byte> destination, byte opcode, ReadOnlySpan<byte> payload)
    {
        destination[0] = (byte)(Final | opcode);
        var headerLength = HeaderLength(payload.Length);
        switch (payload.Length)
        {
            case <= 125:
                destination[1] = (byte)(Masked | payload.Length);
                break;
            case <= ushort.MaxValue:
                destination[1] = Masked | 126;
                BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
                break;
            default:
                destination[1] = Masked | 127;
                BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
                break;
        }

        var key = destination.Slice(headerLength - MaskBytes, MaskBytes);
        MaskKeys.Next(key);
        var masked = destination.Slice(headerLength, payload.Length);
        payload.CopyTo(masked);
        Mask(masked, key);
        return headerLength + payload.Length;
    }

    /// <summary>XORs <paramref name="payload"/> with the 4-byte <paramref name="key"/> repeated, eight bytes at a time.</summary>
    private static void Mask(Span<byte> payload, ReadOnlySpan<byte> key)
    {
        var key32 = MemoryMarshal.Read<uint>(key);
        var key64 = ((ulong)key32 << 32) | key32;
        var whole = payload.Length / sizeof(ulong) * sizeof(ulong);
        foreach (ref var chunk in MemoryMarshal.Cast<byte, ulong>(payload[..whole]))
        {
            chunk ^= key64;
        }

        for (var index = whole; index < payload.Length; index++)
        {
            payload[index] ^= key[index % MaskBytes];
        }
    }

    private static int HeaderLength(int payloadBytes) => payloadBytes switch
    {
        <= 125 => 2,
        <= ushort.MaxValue => 4,
        _ => 10,
    } + MaskBytes;
}
