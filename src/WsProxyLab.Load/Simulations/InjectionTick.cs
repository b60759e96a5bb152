namespace WsProxyLab.Load.Simulations;

/// <summary>When, from the start of a run, an open simulation starts how many invocations, spread evenly over its interval.</summary>
/// <param name="At">The time from the run's start.</param>
/// <param name="Count">Invocations started in the interval.</param>
/// <param name="Interval">The simulation's interval: invocation <c>i</c> of the tick is due at <c>At + Interval × i / Count</c>.</param>
public readonly record struct InjectionTick(TimeSpan At, int Count, TimeSpan Interval)
{
    /// <summary>When invocation <paramref name="index"/> (from 0) of this tick is due, from the run's start.</summary>
    public TimeSpan DueAt(int index) => At + TimeSpan.FromTicks(Interval.Ticks * index / Count);
}
