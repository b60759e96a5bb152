using System.Buffers.Binary;
using System.Text;

namespace WsProxyLab.Proxy.Tests;

/// <summary>Reads back the WebSocket frames a relay wrote, unmasking client-to-upstream ones, for assertions.</summary>
internal static class WrittenFrames
{
    /// <summary>A server frame (unmasked) with FIN set and a payload under 126 bytes.</summary>
    public static byte[] ServerFrame(byte opcode, ReadOnlySpan<byte> payload) => [(byte)(0x80 | opcode), (byte)payload.Length, .. payload];

    /// <summary>The frames in <paramref name="bytes"/>, which must hold only whole frames.</summary>
    public static List<(byte Opcode, bool Masked, byte[] Payload)> Parse(ReadOnlySpan<byte> bytes)
    {
        var frames = new List<(byte, bool, byte[])>();
        while (!bytes.IsEmpty)
        {
            var masked = (bytes[1] & 0x80) != 0;
            long length = bytes[1] & 0x7F;
            var offset = 2;
            if (length == 126)
            {
                length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
                offset = 4;
            }
            else if (length == 127)
            {
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]);
                offset = 10;
            }

            var mask = masked ? bytes.Slice(offset, 4).ToArray() : null;
            offset += masked ? 4 : 0;
            var payload = bytes.Slice(offset, (int)length).ToArray();
            for (var i = 0; mask is not null && i < payload.Length; i++)
            {
                payload[i] ^= mask[i % 4];
            }

            frames.Add(((byte)(bytes[0] & 0x0F), masked, payload));
            bytes = bytes[(offset + (int)length)..];
        }

        return frames;
    }

    /// <summary>The only frame in <paramref name="bytes"/>, which must be a close: its status, reason and whether it was masked.</summary>
    public static (int Status, string Reason, bool Masked) SingleClose(ReadOnlySpan<byte> bytes)
    {
        var (opcode, masked, payload) = Assert.Single(Parse(bytes));
        Assert.Equal(0x8, opcode);
        return (BinaryPrimitives.ReadUInt16BigEndian(payload), Encoding.UTF8.GetString(payload, 2, payload.Length - 2), masked);
    }
}
