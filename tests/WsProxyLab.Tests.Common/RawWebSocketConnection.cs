using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace WsProxyLab.Tests.Common;

/// <summary>
/// A WebSocket spoken by hand over a TCP socket, for what <see cref="System.Net.WebSockets.ClientWebSocket"/> will not
/// do: malformed handshakes, pings, and frames chosen byte by byte.
/// </summary>
public sealed class RawWebSocketConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawWebSocketConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>Opens a TCP connection to <paramref name="uri"/>'s host and port, from <paramref name="localAddress"/> when given (e.g. 127.0.0.2).</summary>
    public static async Task<RawWebSocketConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken, System.Net.IPAddress? localAddress = null)
    {
        var client = localAddress is null ? new TcpClient() : new TcpClient(new System.Net.IPEndPoint(localAddress, 0));
        client.NoDelay = true;
        await client.ConnectAsync(uri.Host, uri.Port, cancellationToken).ConfigureAwait(false);
        return new RawWebSocketConnection(client);
    }

    /// <summary>A valid handshake request for <paramref name="pathAndQuery"/>; tests edit its lines to break it.</summary>
    public static List<string> HandshakeLines(Uri uri, string pathAndQuery) =>
    [
        $"GET {pathAndQuery} HTTP/1.1",
        $"Host: {uri.Authority}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        $"Sec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}",
        "Sec-WebSocket-Version: 13",
    ];

    /// <summary>A valid handshake with the line that starts with <paramref name="linePrefix"/> replaced, or removed when <paramref name="replacement"/> is null.</summary>
    public static List<string> HandshakeLinesWith(Uri uri, string pathAndQuery, string linePrefix, string? replacement)
    {
        var lines = HandshakeLines(uri, pathAndQuery);
        var index = lines.FindIndex(line => line.StartsWith(linePrefix, StringComparison.Ordinal));
        if (replacement is null)
        {
            lines.RemoveAt(index);
        }
        else
        {
            lines[index] = replacement;
        }

        return lines;
    }

    /// <summary>Sends the request lines and reads the response head: status code and raw header text, and the body when not upgraded.</summary>
    public async Task<(int StatusCode, string Head, string Body)> SendHandshakeAsync(IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        var request = string.Join("\r\n", lines) + "\r\n\r\n";
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken).ConfigureAwait(false);

        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new IOException($"Connection closed during the response head: '{head}'");
            }

            head.Append((char)one[0]);
        }

        var text = head.ToString();
        var statusCode = int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = statusCode == 101 ? string.Empty : await ReadChunkedOrLengthBodyAsync(text, cancellationToken).ConfigureAwait(false);
        return (statusCode, text, body);
    }

    /// <summary>Sends bytes as they are, e.g. half a request head.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads until the server closes the connection, and returns what arrived as ASCII text.</summary>
    public async Task<string> ReadUntilClosedAsync(CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        await _stream.CopyToAsync(received, cancellationToken).ConfigureAwait(false);
        return Encoding.ASCII.GetString(received.ToArray());
    }

    /// <summary>Sends one masked frame (clients must mask) with FIN set.</summary>
    public async Task SendFrameAsync(byte opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(MaskedFrame(opcode, payload.Span, final: true), cancellationToken).ConfigureAwait(false);

    /// <summary>A client frame: masked, with FIN set when <paramref name="final"/>.</summary>
    public static byte[] MaskedFrame(byte opcode, ReadOnlySpan<byte> payload, bool final)
    {
        var header = new List<byte> { (byte)((final ? 0x80 : 0) | opcode) };
        if (payload.Length < 126)
        {
            header.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            header.Add(0x80 | 126);
            header.Add((byte)(payload.Length >> 8));
            header.Add((byte)payload.Length);
        }

        var mask = RandomNumberGenerator.GetBytes(4);
        header.AddRange(mask);
        var masked = payload.ToArray();
        for (var i = 0; i < masked.Length; i++)
        {
            masked[i] ^= mask[i % 4];
        }

        return [.. header, .. masked];
    }

    /// <summary>Reads one frame from the server (unmasked): its opcode and payload.</summary>
    public async Task<(byte Opcode, byte[] Payload)> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        var head = await ReadExactlyAsync(2, cancellationToken).ConfigureAwait(false);
        long length = head[1] & 0x7F;
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2, cancellationToken).ConfigureAwait(false));
        }
        else if (length == 127)
        {
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(8, cancellationToken).ConfigureAwait(false));
        }

        return ((byte)(head[0] & 0x0F), await ReadExactlyAsync((int)length, cancellationToken).ConfigureAwait(false));
    }

    private async Task<string> ReadChunkedOrLengthBodyAsync(string head, CancellationToken cancellationToken)
    {
        // Bodies here are short refusals: read what arrives until the server has sent a complete response or closes.
        var body = new StringBuilder();
        var buffer = new byte[4096];
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quiet.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, quiet.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                body.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (head.Contains("chunked", StringComparison.OrdinalIgnoreCase) ? body.ToString().EndsWith("0\r\n\r\n", StringComparison.Ordinal) : true)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The server keeps the connection open after a complete response.
        }

        return body.ToString();
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }
}
