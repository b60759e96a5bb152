using System.Globalization;
using System.Text;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>
/// Reads the (small) body of an upstream's non-101 answer, so the client sees the upstream's own reason: a
/// Content-Length body or a chunked one, up to a limit; anything larger or of unknown length is not relayed.
/// </summary>
internal static class RefusalBody
{
    public static async Task<byte[]> ReadAsync(UpstreamResponseHead response, Stream upstream, int maxBytes, CancellationToken cancellationToken)
    {
        if (Header(response, "Content-Length") is { } contentLength)
        {
            if (!long.TryParse(contentLength, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length is <= 0 || length > maxBytes)
            {
                return [];
            }

            var body = new byte[length];
            var copied = Math.Min(response.Remainder.Length, body.Length);
            response.Remainder[..copied].CopyTo(body);
            await upstream.ReadExactlyAsync(body.AsMemory(copied), cancellationToken).ConfigureAwait(false);
            return body;
        }

        return Header(response, "Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true
            ? await ReadChunkedAsync(response.Remainder, upstream, maxBytes, cancellationToken).ConfigureAwait(false)
            : [];
    }

    private static async Task<byte[]> ReadChunkedAsync(ReadOnlyMemory<byte> remainder, Stream upstream, int maxBytes, CancellationToken cancellationToken)
    {
        // Collect the raw chunked text up to its terminating zero-size chunk, then decode it.
        var raw = new MemoryStream();
        raw.Write(remainder.Span);
        var buffer = new byte[4096];
        while (!EndsWithLastChunk(raw) && raw.Length <= maxBytes * 2L)
        {
            var read = await upstream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            raw.Write(buffer, 0, read);
        }

        var text = Encoding.Latin1.GetString(raw.GetBuffer(), 0, (int)raw.Length);
        var body = new MemoryStream();
        var position = 0;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0 || !int.TryParse(text.AsSpan(position, lineEnd - position).ToString().Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size)
                || size == 0 || lineEnd + 2 + size > text.Length || body.Length + size > maxBytes)
            {
                break;
            }

            body.Write(raw.GetBuffer(), lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }

        return body.ToArray();
    }

    private static bool EndsWithLastChunk(MemoryStream raw) =>
        raw.Length >= 5 && raw.GetBuffer().AsSpan((int)raw.Length - 5, 5).SequenceEqual("0\r\n\r\n"u8);

    private static string? Header(UpstreamResponseHead response, string name) =>
        response.Headers.FirstOrDefault(header => header.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
