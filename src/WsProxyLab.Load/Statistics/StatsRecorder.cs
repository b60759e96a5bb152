using System.Collections.Concurrent;
using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.Load.Statistics;

/// <summary>Collects every step's responses of one scenario from all its copies at once.</summary>
internal sealed class StatsRecorder
{
    private readonly ConcurrentDictionary<string, (Lock Gate, OutcomeRecorder Ok, OutcomeRecorder Fail)> _steps = new(StringComparer.Ordinal);
    private long _failures;

    /// <summary>Failed responses so far, of every step.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public void Record(string step, Response response, TimeSpan latency)
    {
        var recorders = _steps.GetOrAdd(step, _ => (new Lock(), new OutcomeRecorder(), new OutcomeRecorder()));
        lock (recorders.Gate)
        {
            (response.IsError ? recorders.Fail : recorders.Ok).Record((long)latency.TotalMicroseconds, response.SizeBytes, response.StatusCode);
        }

        if (response.IsError)
        {
            Interlocked.Increment(ref _failures);
        }
    }

    /// <summary>The figures of a step that recorded nothing.</summary>
    public static StepStats Empty(string name) => new(name, new OutcomeRecorder().Snapshot(TimeSpan.Zero), new OutcomeRecorder().Snapshot(TimeSpan.Zero));

    /// <summary>Every step's figures, in name order, with rates over <paramref name="duration"/>.</summary>
    public IReadOnlyList<StepStats> Snapshot(TimeSpan duration) =>
        [.. _steps.OrderBy(step => step.Key, StringComparer.Ordinal).Select(step =>
        {
            lock (step.Value.Gate)
            {
                return new StepStats(step.Key, step.Value.Ok.Snapshot(duration), step.Value.Fail.Snapshot(duration));
            }
        })];
}
