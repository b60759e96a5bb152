using HdrHistogram;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Tests;

public sealed class HistogramCodecTests
{
    [Fact]
    public void Encode_ThenDecode_GivesTheSameCountsAndPercentiles_AndTwoRunsMerge()
    {
        var first = new LongHistogram(3_600_000_000, 3);
        var second = new LongHistogram(3_600_000_000, 3);
        for (var value = 1; value <= 1000; value++)
        {
            first.RecordValue(value * 10);
            second.RecordValue(value * 1000);
        }

        var decoded = HistogramCodec.Decode(HistogramCodec.Encode(first));
        decoded.Add(HistogramCodec.Decode(HistogramCodec.Encode(second)));

        Assert.Equal(2000, decoded.TotalCount);
        Assert.Equal(first.GetValueAtPercentile(99), HistogramCodec.Decode(HistogramCodec.Encode(first)).GetValueAtPercentile(99));
        Assert.InRange(decoded.GetValueAtPercentile(50), 9_900, 10_100);
        Assert.InRange(decoded.GetMaxValue(), 999_000, 1_001_000);
    }

    [Fact]
    public void Decode_OfSomethingElse_IsAFormatException()
    {
        Assert.Throws<FormatException>(() => HistogramCodec.Decode(Convert.ToBase64String([1, 2, 3, 4, 5, 6, 7, 8])));
        Assert.Throws<FormatException>(() => HistogramCodec.Decode("not base64!"));
    }
}
