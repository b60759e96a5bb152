using System.Security.Cryptography;

namespace WsProxyLab.Load.Connections;

/// <summary>
/// Masking keys for the frames a client sends (RFC 6455 §5.3: unpredictable, from a strong source of entropy), drawn
/// from the system's CSPRNG a block at a time. .NET's WebSocket asks OpenSSL for 4 bytes per frame; with OpenSSL 3
/// each such call (provider lookup, locks, a fork check) cost the engine about a tenth of its CPU per message.
/// </summary>
internal static class MaskKeys
{
    private const int BlockBytes = 4096;

    [ThreadStatic]
    private static byte[]? _block;

    [ThreadStatic]
    private static int _next;

    /// <summary>Writes the next 4-byte key into <paramref name="destination"/>.</summary>
    public static void Next(Span<byte> destination)
    {
        var block = _block;
        if (block is null || _next == BlockBytes)
        {
            block = _block ??= new byte[BlockBytes];
            RandomNumberGenerator.Fill(block);
            _next = 0;
        }

        block.AsSpan(_next, ClientFrame.MaskBytes).CopyTo(destination);
        _next += ClientFrame.MaskBytes;
    }
}
