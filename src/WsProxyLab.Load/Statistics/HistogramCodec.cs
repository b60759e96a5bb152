using HdrHistogram;
using HdrHistogram.Utilities;

namespace WsProxyLab.Load.Statistics;

/// <summary>
/// HdrHistogram's compressed encoding as base64, the form its log files use: reports keep each latency histogram this
/// way so runs can be merged and re-analysed later, at any percentile.
/// </summary>
public static class HistogramCodec
{
    /// <summary>The compressed, base64-encoded form of <paramref name="histogram"/>.</summary>
    public static string Encode(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var bytes = new byte[histogram.EncodeIntoCompressedByteBuffer(buffer)];
        // ByteBuffer offers no copy out: read the encoding back byte by byte from its start.
        buffer.Position = 0;
        for (var index = 0; index < bytes.Length; index++)
        {
            bytes[index] = buffer.Get();
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>The histogram <see cref="Encode"/> wrote; throws <see cref="FormatException"/> for anything else.</summary>
    public static HistogramBase Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        try
        {
            return HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(Convert.FromBase64String(encoded)), 0);
        }
        catch (Exception exception) when (exception is not FormatException and not OutOfMemoryException)
        {
            throw new FormatException($"Not an encoded HdrHistogram: {exception.Message}", exception);
        }
    }
}
