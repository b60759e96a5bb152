using CsCheck;

namespace WsProxyLab.Proxy.Tests;

/// <summary>A WebSocket frame for property tests: any opcode the relay meets, masked or not, with a 7-bit, 16-bit or 64-bit length.</summary>
internal sealed record GeneratedFrame(byte Opcode, bool Final, bool Masked, int PayloadLength, byte Filler)
{
    public static readonly Gen<GeneratedFrame> Any = Gen.Select(
        Gen.OneOf<byte>(0x0, 0x1, 0x2, 0x8, 0x9, 0xA),
        Gen.Bool,
        Gen.Bool,
        Gen.Frequency((6, Gen.Int[0, 125]), (3, Gen.Int[126, 1000]), (1, Gen.Int[65536, 70000])),
        Gen.Byte,
        (opcode, final, masked, length, filler) => new GeneratedFrame(opcode, final, masked, length, filler));

    /// <summary>Read sizes from one byte (a header split everywhere) to several frames at once.</summary>
    public static readonly Gen<int[]> ReadSizes = Gen.Frequency((3, Gen.Int[1, 3]), (3, Gen.Int[4, 200]), (1, Gen.Int[201, 40000])).Array[1, 20];

    public int HeaderLength => 2 + (PayloadLength < 126 ? 0 : PayloadLength <= ushort.MaxValue ? 2 : 8) + (Masked ? 4 : 0);

    public int Length => HeaderLength + PayloadLength;

    /// <summary>Whether the tracker counts a message when this frame is delivered.</summary>
    public bool EndsAMessage => Final && Opcode < 0x8;

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        bytes[0] = (byte)((Final ? 0x80 : 0) | Opcode);
        var offset = 2;
        if (PayloadLength < 126)
        {
            bytes[1] = (byte)PayloadLength;
        }
        else if (PayloadLength <= ushort.MaxValue)
        {
            bytes[1] = 126;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)PayloadLength);
            offset = 4;
        }
        else
        {
            bytes[1] = 127;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(2), (ulong)PayloadLength);
            offset = 10;
        }

        if (Masked)
        {
            bytes[1] |= 0x80;
            bytes.AsSpan(offset, 4).Fill(Filler);
            offset += 4;
        }

        // Payload bytes that look like headers must be skipped, not parsed.
        bytes.AsSpan(offset).Fill(Filler);
        return bytes;
    }
}
