using System.Diagnostics;
using HdrHistogram;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.Load.Running;

/// <summary>Collects a scenario's per-second timeline: invocations end here as well as in the statistics, and a sample is taken every second.</summary>
internal sealed class TimelineSampler(WebSocketMetrics webSockets, Action<TimelineSample>? onSample = null)
{
    private const long HighestTrackableMicroseconds = 3_600_000_000;

    private readonly Lock _gate = new();
    private readonly List<TimelineSample> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private LongHistogram _second = new(HighestTrackableMicroseconds, 3);
    private long _ok;
    private long _failed;
    private long _inFlight;
    private TimeSpan _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
    private TimeSpan _lastGcPause = GC.GetTotalPauseDuration();
    private TimeSpan _lastSampleAt;
    private long _lastSent = webSockets.MessagesSent;
    private long _lastReceived = webSockets.MessagesReceived;

    public IReadOnlyList<TimelineSample> Samples
    {
        get
        {
            lock (_gate)
            {
                return [.. _samples];
            }
        }
    }

    public void Started() => Interlocked.Increment(ref _inFlight);

    public void Ended(TimeSpan latency, bool failed, bool counted = true)
    {
        Interlocked.Decrement(ref _inFlight);
        if (!counted)
        {
            return;
        }

        lock (_gate)
        {
            if (failed)
            {
                _failed++;
            }
            else
            {
                _ok++;
                _second.RecordValue(Math.Clamp((long)latency.TotalMicroseconds, 0, HighestTrackableMicroseconds));
            }
        }
    }

    /// <summary>Closes the current second into a sample.</summary>
    public void Sample()
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var gcPause = GC.GetTotalPauseDuration();
        var now = _clock.Elapsed;
        var sent = webSockets.MessagesSent;
        var received = webSockets.MessagesReceived;
        TimelineSample sample;
        lock (_gate)
        {
            var elapsed = Math.Max((now - _lastSampleAt).TotalSeconds, 1e-6);
            sample = new TimelineSample(
                (int)Math.Round(now.TotalSeconds),
                Interlocked.Read(ref _inFlight),
                _ok,
                _failed,
                _second.TotalCount == 0 ? 0 : _second.GetValueAtPercentile(99),
                100 * (cpu - _lastCpu).TotalSeconds / elapsed,
                process.WorkingSet64,
                (gcPause - _lastGcPause).TotalMilliseconds,
                ThreadPool.PendingWorkItemCount,
                webSockets.Open,
                sent - _lastSent,
                received - _lastReceived);
            _samples.Add(sample);
            _second = new LongHistogram(HighestTrackableMicroseconds, 3);
            _ok = 0;
            _failed = 0;
            _lastCpu = cpu;
            _lastGcPause = gcPause;
            _lastSampleAt = now;
            _lastSent = sent;
            _lastReceived = received;
        }

        onSample?.Invoke(sample);
    }
}
