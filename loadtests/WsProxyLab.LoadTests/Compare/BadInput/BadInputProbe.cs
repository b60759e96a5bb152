using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace WsProxyLab.LoadTests.Compare.BadInput;

/// <summary>
/// Sends one bad input on a bare socket and reads what comes back: an HTTP status line, a close frame, a TLS alert, a
/// drop or silence. Frame inputs go after a valid handshake to <c>/ws/echo</c>, masked as a client's must be unless the
/// case is the unmasked frame.
/// </summary>
internal static class BadInputProbe
{
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A valid upgrade request head, with <paramref name="change"/> applied to its lines (null drops a line).</summary>
    public static string Head(Uri target, string pathAndQuery = "/ws/echo", Func<string, string?>? change = null, IEnumerable<string>? extra = null)
    {
        string[] lines =
        [
            $"GET {pathAndQuery} HTTP/1.1",
            $"Host: {target.Authority}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version: 13",
        ];
        var kept = lines.Select(line => change is null ? line : change(line)).OfType<string>().Concat(extra ?? []);
        return string.Join("\r\n", kept) + "\r\n\r\n";
    }

    /// <summary>Sends <paramref name="request"/> and reads the answer's status line.</summary>
    public static async Task<BadInputAnswer> RequestAsync(Uri target, byte[] request, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException exception)
        {
            // The target closed while the request was still going out (a 64 KiB head refused early): read what it said.
            _ = exception;
        }

        return await ReadStatusAsync(socket, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A request head sent a line a second (slowloris): the target's answer and when it came, within <paramref name="limit"/>.</summary>
    public static async Task<BadInputAnswer> SlowlorisAsync(Uri target, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /ws/echo HTTP/1.1\r\nHost: {target.Authority}\r\n"), cancellationToken).ConfigureAwait(false);
        var reading = ReadStatusAsync(socket, cancellationToken, limit);
        for (var line = 0; !reading.IsCompleted && clock.Elapsed < limit; line++)
        {
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken)).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"X-Slow-{line}: 1\r\n")), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                break;
            }
        }

        var answer = await reading.ConfigureAwait(false);
        return answer.Kind == AnswerKind.Silent ? answer : answer with { Text = string.Create(CultureInfo.InvariantCulture, $"{answer.Text} after {clock.Elapsed.TotalSeconds:0} s") };
    }

    /// <summary>Upgrades to <c>/ws/echo</c>, sends <paramref name="frame"/>, and reads the first frame or the drop that follows.</summary>
    public static async Task<BadInputAnswer> FrameAsync(Uri target, byte[] frame, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(Encoding.ASCII.GetBytes(Head(target)), cancellationToken).ConfigureAwait(false);
        var stream = new NetworkStream(socket, ownsSocket: false);
        var handshake = await ReadStatusAsync(socket, cancellationToken).ConfigureAwait(false);
        if (handshake is not { Kind: AnswerKind.Status, Code: 101 })
        {
            return handshake with { Text = $"handshake: {handshake.Text}" };
        }

        try
        {
            await socket.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // Refused mid-frame (a 2^62 length): the answer may already be on its way.
        }

        return await ReadFrameAnswerAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="bytes"/> to a TLS listener and reads whether a TLS alert, an HTTP answer or a drop comes back.</summary>
    public static async Task<BadInputAnswer> TlsPortAsync(Uri secureTarget, byte[] bytes, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(secureTarget, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[512];
        var (count, failure) = await ReceiveAsync(socket, buffer, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        // A TLS record: content type 21 is an alert (level, then description).
        if (count >= 7 && buffer[0] == 21)
        {
            return new BadInputAnswer(AnswerKind.TlsAlert, buffer[6], $"TLS alert {buffer[6]} ({AlertName(buffer[6])})");
        }

        var text = Encoding.ASCII.GetString(buffer, 0, count);
        return text.StartsWith("HTTP/", StringComparison.Ordinal) ? StatusOf(text.Split("\r\n")[0]) : Dropped($"{count} bytes that are neither TLS nor HTTP");
    }

    /// <summary>A client frame: FIN and opcode in <paramref name="first"/>, masked unless asked not to, with a claimed length when it differs.</summary>
    public static byte[] Frame(byte first, byte[] payload, bool masked = true, ulong? claimedLength = null)
    {
        var length = claimedLength ?? (ulong)payload.Length;
        var frame = new List<byte> { first };
        var maskBit = masked ? (byte)0x80 : (byte)0;
        if (length < 126)
        {
            frame.Add((byte)(maskBit | (byte)length));
        }
        else if (length <= ushort.MaxValue)
        {
            frame.Add((byte)(maskBit | 126));
            frame.Add((byte)(length >> 8));
            frame.Add((byte)length);
        }
        else
        {
            frame.Add((byte)(maskBit | 127));
            var extended = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(extended, length);
            frame.AddRange(extended);
        }

        byte[] key = [0x37, 0xfa, 0x21, 0x3d];
        if (masked)
        {
            frame.AddRange(key);
        }

        frame.AddRange(masked ? payload.Select((value, index) => (byte)(value ^ key[index % 4])) : payload);
        return [.. frame];
    }

    private static async Task<Socket> ConnectAsync(Uri target, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads up to the end of a response head (byte by byte, so a frame after a 101 stays on the socket).</summary>
    private static async Task<BadInputAnswer> ReadStatusAsync(Socket socket, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? AnswerTimeout);
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && !head.ToString().EndsWith("\n\n", StringComparison.Ordinal))
        {
            var (count, failure) = await ReceiveAsync(socket, one, deadline.Token).ConfigureAwait(false);
            if (failure is not null || count == 0)
            {
                if (head.Length > 0 && head.ToString().StartsWith("HTTP/", StringComparison.Ordinal))
                {
                    break;
                }

                return failure ?? Dropped("closed without an answer");
            }

            head.Append((char)one[0]);
            if (head.Length > 64 * 1024)
            {
                break;
            }
        }

        var line = head.ToString().Split('\n')[0].TrimEnd('\r');
        return line.StartsWith("HTTP/", StringComparison.Ordinal) ? StatusOf(line) : Dropped($"answered '{line}'");
    }

    private static async Task<BadInputAnswer> ReadFrameAnswerAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(AnswerTimeout);
        try
        {
            var header = new byte[2];
            await stream.ReadExactlyAsync(header, deadline.Token).ConfigureAwait(false);
            var opcode = header[0] & 0x0f;
            var length = (ulong)(header[1] & 0x7f);
            if (length == 126)
            {
                var extended = new byte[2];
                await stream.ReadExactlyAsync(extended, deadline.Token).ConfigureAwait(false);
                length = BinaryPrimitives.ReadUInt16BigEndian(extended);
            }
            else if (length == 127)
            {
                var extended = new byte[8];
                await stream.ReadExactlyAsync(extended, deadline.Token).ConfigureAwait(false);
                length = BinaryPrimitives.ReadUInt64BigEndian(extended);
            }

            if (opcode != 0x8)
            {
                return new BadInputAnswer(AnswerKind.Echoed, 0, $"passed: a frame (opcode {opcode}, {length} B) came back");
            }

            var payload = new byte[(int)Math.Min(length, 125)];
            await stream.ReadExactlyAsync(payload, deadline.Token).ConfigureAwait(false);
            return payload.Length < 2
                ? BadInputAnswer.Close(1005, string.Empty)
                : BadInputAnswer.Close(BinaryPrimitives.ReadUInt16BigEndian(payload), Encoding.UTF8.GetString(payload, 2, payload.Length - 2));
        }
        catch (EndOfStreamException)
        {
            return Dropped("closed without a close frame");
        }
        catch (IOException exception) when (exception.InnerException is SocketException)
        {
            return Dropped("reset without a close frame");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return BadInputAnswer.Silent(AnswerTimeout);
        }
    }

    private static async Task<(int Count, BadInputAnswer? Failure)> ReceiveAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            var count = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            return count == 0 ? (0, Dropped("closed without an answer")) : (count, null);
        }
        catch (SocketException)
        {
            return (0, Dropped("reset without an answer"));
        }
        catch (OperationCanceledException)
        {
            return (0, BadInputAnswer.Silent(AnswerTimeout));
        }
    }

    private static BadInputAnswer StatusOf(string line)
    {
        var parts = line.Split(' ', 3);
        return parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            ? BadInputAnswer.Status(status, parts.Length == 3 ? $"{status} {parts[2]}" : parts[1])
            : Dropped($"answered '{line}'");
    }

    private static BadInputAnswer Dropped(string how) => BadInputAnswer.Dropped(how);

    private static string AlertName(byte description) => description switch
    {
        10 => "unexpected message",
        22 => "record overflow",
        40 => "handshake failure",
        47 => "illegal parameter",
        50 => "decode error",
        70 => "protocol version",
        80 => "internal error",
        _ => "other",
    };
}
