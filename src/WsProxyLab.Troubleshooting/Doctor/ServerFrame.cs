using System.Buffers.Binary;
using System.Text;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>A frame the server sent: opcode, FIN and payload.</summary>
internal sealed record ServerFrame(byte Opcode, bool Final, byte[] Payload)
{
    public const byte Text = 0x1;
    public const byte Close = 0x8;
    public const byte Pong = 0xA;

    /// <summary>A close frame's code, 1005 when it has none.</summary>
    public int CloseCode => Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : 1005;

    /// <summary>A close frame's reason.</summary>
    public string CloseReason => Payload.Length > 2 ? Encoding.UTF8.GetString(Payload, 2, Payload.Length - 2) : string.Empty;
}
