using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WsProxyLab.Load.Connections;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>Sends an RFC 6455 Upgrade request on a connection and reads the answer, bounded in size and time.</summary>
internal static class HandshakeExchange
{
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>The extension offer a browser makes.</summary>
    public const string DeflateOffer = "permessage-deflate; client_max_window_bits";

    public static async Task<HandshakeResponse> SendAsync(Stream stream, Uri target, string? origin, string? cookies, bool offerDeflate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"GET {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n")
            .Append("User-Agent: wsproxylab-doctor\r\n");
        if (offerDeflate)
        {
            request.Append(CultureInfo.InvariantCulture, $"Sec-WebSocket-Extensions: {DeflateOffer}\r\n");
        }

        if (origin is not null)
        {
            request.Append(CultureInfo.InvariantCulture, $"Origin: {origin}\r\n");
        }

        if (!string.IsNullOrEmpty(cookies))
        {
            request.Append(CultureInfo.InvariantCulture, $"Cookie: {cookies}\r\n");
        }

        request.Append("\r\n");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stopwatch = Stopwatch.StartNew();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), deadline.Token).ConfigureAwait(false);
        await stream.FlushAsync(deadline.Token).ConfigureAwait(false);

        var buffer = new byte[MaxHeadBytes];
        var received = 0;
        int headEnd;
        while ((headEnd = buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (received == buffer.Length)
            {
                throw new InvalidDataException($"the response head is over {MaxHeadBytes / 1024} KiB");
            }

            var read = await stream.ReadAsync(buffer.AsMemory(received), deadline.Token).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException(received == 0 ? "the server closed the connection without an answer" : "the server closed the connection inside its response head");
            }

            received += read;
        }

        var elapsed = stopwatch.Elapsed;
        var lines = Encoding.Latin1.GetString(buffer, 0, headEnd).Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException($"the answer is not HTTP: '{Shorten(lines[0])}'");
        }

        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToLookup(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var expectedAccept = WebSocketAccept.For(key);
        var after = buffer.AsSpan(headEnd + 4, received - headEnd - 4).ToArray();
        var body = status == 101 ? string.Empty : await ReadBodyAsync(stream, after, headers, deadline.Token).ConfigureAwait(false);
        return new HandshakeResponse(status, lines[0], headers, body, elapsed, headers["Sec-WebSocket-Accept"].FirstOrDefault() == expectedAccept, status == 101 ? after : []);
    }

    /// <summary>The start of a refusal's body (chunks joined): what a proxy or backend says about why.</summary>
    private static async Task<string> ReadBodyAsync(Stream stream, byte[] already, ILookup<string, string> headers, CancellationToken cancellationToken)
    {
        var chunked = headers["Transfer-Encoding"].Any(value => value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        var length = !chunked && int.TryParse(headers["Content-Length"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var declared) ? Math.Min(declared, MaxBodyBytes) : MaxBodyBytes;
        var body = new byte[Math.Max(length, already.Length)];
        already.CopyTo(body, 0);
        var received = already.Length;
        using var shortWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A body without a length ends when the server closes; never wait long for it.
        shortWait.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            while (received < length && !(chunked && body.AsSpan(0, received).EndsWith("0\r\n\r\n"u8)))
            {
                var read = await stream.ReadAsync(body.AsMemory(received, length - received), shortWait.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                received += read;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // What came is enough.
        }

        var text = Encoding.UTF8.GetString(body, 0, Math.Min(received, length));
        return (chunked ? Unchunk(text) : text).Trim();
    }

    /// <summary>The data of a chunked body, as far as it came.</summary>
    private static string Unchunk(string chunked)
    {
        var data = new StringBuilder();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0 || !int.TryParse(chunked.AsSpan(position, lineEnd - position).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            var start = lineEnd + 2;
            data.Append(chunked.AsSpan(start, Math.Min(size, chunked.Length - start)));
            position = start + size + 2;
        }

        return data.ToString();
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
