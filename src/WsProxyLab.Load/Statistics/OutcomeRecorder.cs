using HdrHistogram;

namespace WsProxyLab.Load.Statistics;

/// <summary>The latencies, bytes and status codes of one outcome of one step; not thread-safe (its owner locks).</summary>
internal sealed class OutcomeRecorder
{
    // An hour in microseconds, three significant digits: HdrHistogram's usual resolution.
    private const long HighestTrackableMicroseconds = 3_600_000_000;

    private readonly LongHistogram _latencies = new(HighestTrackableMicroseconds, 3);
    private readonly Dictionary<string, long> _statusCodes = new(StringComparer.Ordinal);
    private long _bytes;

    public void Record(long microseconds, long bytes, string? statusCode)
    {
        _latencies.RecordValue(Math.Clamp(microseconds, 0, HighestTrackableMicroseconds));
        _bytes += bytes;
        if (statusCode is not null)
        {
            _statusCodes[statusCode] = _statusCodes.GetValueOrDefault(statusCode) + 1;
        }
    }

    public StatsBlock Snapshot(TimeSpan duration)
    {
        var count = _latencies.TotalCount;
        var seconds = Math.Max(duration.TotalSeconds, 1e-9);
        return count == 0
            ? new StatsBlock(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, _bytes, new Dictionary<string, long>(_statusCodes))
            : new StatsBlock(
                count,
                count / seconds,
                _latencies.GetValueAtPercentile(0),
                _latencies.GetMean(),
                _latencies.GetMaxValue(),
                _latencies.GetValueAtPercentile(50),
                _latencies.GetValueAtPercentile(75),
                _latencies.GetValueAtPercentile(95),
                _latencies.GetValueAtPercentile(99),
                _latencies.GetValueAtPercentile(99.9),
                _latencies.GetStdDeviation(),
                _bytes,
                new Dictionary<string, long>(_statusCodes))
            {
                Histogram = HistogramCodec.Encode(_latencies),
            };
    }
}
