using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WsProxyLab.Proxy.Relay;

/// <summary>Builds the close frames the proxy sends in place of a silent disconnect: unmasked to clients, masked to upstreams.</summary>
internal static class CloseFrame
{
    /// <summary>A close frame with a status and a reason cut to the 123 bytes a control frame allows.</summary>
    public static byte[] Build(int status, string reason, bool masked)
    {
        var reasonBytes = Encoding.UTF8.GetBytes(reason);
        var reasonLength = Math.Min(reasonBytes.Length, 123);
        while (reasonLength > 0 && reasonLength < reasonBytes.Length && (reasonBytes[reasonLength] & 0xC0) == 0x80)
        {
            reasonLength--; // never cut a UTF-8 sequence in half
        }

        var payload = new byte[2 + reasonLength];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        reasonBytes.AsSpan(0, reasonLength).CopyTo(payload.AsSpan(2));

        var frame = new byte[2 + (masked ? 4 : 0) + payload.Length];
        frame[0] = 0x88; // FIN + close
        frame[1] = (byte)((masked ? 0x80 : 0) | payload.Length);
        if (masked)
        {
            var mask = RandomNumberGenerator.GetBytes(4);
            mask.CopyTo(frame, 2);
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= mask[i % 4];
            }
        }

        payload.CopyTo(frame, frame.Length - payload.Length);
        return frame;
    }
}
