using HdrHistogram;

namespace WsProxyLab.Bench;

/// <summary>What an echo phase achieved: messages, errors and round-trip histograms in microseconds.</summary>
internal sealed record EchoResult(long Sent, long Received, int Errors, LongHistogram Corrected, LongHistogram Raw, TimeSpan Duration, string? FirstError)
{
    public double AchievedRate => Received / Duration.TotalSeconds;
}
