using System.Globalization;
using System.Text;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>An upstream's response status line and headers, and any bytes that arrived after them.</summary>
internal sealed record UpstreamResponseHead(int StatusCode, string ReasonPhrase, IReadOnlyList<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Remainder)
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>Reads until the blank line; throws <see cref="InvalidDataException"/> for a head that is malformed or larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<UpstreamResponseHead> ReadAsync(Stream upstream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(4096, maxBytes)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= maxBytes)
                {
                    throw new InvalidDataException($"upstream response head exceeds {maxBytes} bytes");
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBytes));
            }

            var read = await upstream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException(length == 0 ? "upstream closed the connection without a response" : "upstream closed the connection in the middle of its response head");
            }

            var searchFrom = Math.Max(0, length - 3);
            length += read;
            var end = buffer.AsSpan(searchFrom, length - searchFrom).IndexOf(HeadEnd);
            if (end >= 0)
            {
                var headLength = searchFrom + end + HeadEnd.Length;
                // The remainder is copied out (it is usually empty) so the read buffer is not kept alive for the tunnel's lifetime.
                return Parse(Encoding.Latin1.GetString(buffer, 0, headLength - HeadEnd.Length), buffer.AsSpan(headLength, length - headLength).ToArray());
            }
        }
    }

    private static UpstreamResponseHead Parse(string head, ReadOnlyMemory<byte> remainder)
    {
        var lines = head.Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var statusCode) || statusCode is < 100 or > 599)
        {
            throw new InvalidDataException($"upstream sent a malformed status line '{lines[0]}'");
        }

        var headers = new List<KeyValuePair<string, string>>(lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"upstream sent a malformed header line '{line}'");
            }

            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new UpstreamResponseHead(statusCode, status.Length > 2 ? status[2] : string.Empty, headers, remainder);
    }
}
