using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// Receives a server's JSON messages on a held socket: waits with a zero-byte read, so thousands of idle sockets hold no
/// buffer, then reads one whole message into a rented buffer (grown as needed, up to <see cref="MaxMessageBytes"/>)
/// and hands its root element to a reader.
/// </summary>
internal static class JsonMessageReader
{
    /// <summary>The largest message read; the runner's --size goes to 1 MiB, and a message carries some JSON around it.</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    private const int FirstBufferBytes = 4 * 1024;

    /// <summary>
    /// The next message as <paramref name="read"/> makes it of its root and its size in bytes; <c>Closed</c> when the
    /// socket closed instead. A message over <see cref="MaxMessageBytes"/> aborts the socket (the rest of it would be
    /// taken for the next message) and throws <see cref="InvalidDataException"/> naming the limit.
    /// </summary>
    public static async Task<(bool Closed, T Message)> ReceiveAsync<T>(ClientWebSocket socket, Func<JsonElement, int, T> read, CancellationToken cancellationToken)
    {
        if ((await socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false)).MessageType == WebSocketMessageType.Close)
        {
            return (true, default!);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
        try
        {
            var received = 0;
            while (true)
            {
                if (received == buffer.Length)
                {
                    buffer = Grow(socket, buffer);
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(received), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (true, default!);
                }

                received += result.Count;
                if (result.EndOfMessage)
                {
                    break;
                }
            }

            using var document = JsonDocument.Parse(buffer.AsMemory(0, received));
            return (false, read(document.RootElement, received));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(ClientWebSocket socket, byte[] full)
    {
        if (full.Length >= MaxMessageBytes)
        {
            socket.Abort();
            throw new InvalidDataException($"The server sent a message over {MaxMessageBytes} bytes.");
        }

        var larger = ArrayPool<byte>.Shared.Rent(full.Length * 2);
        full.CopyTo(larger, 0);
        ArrayPool<byte>.Shared.Return(full);
        return larger;
    }
}
