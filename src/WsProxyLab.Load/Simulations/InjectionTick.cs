namespace WsProxyLab.Load.Simulations;

/// <summary>When, from the start of a run, an open simulation starts how many invocations.</summary>
/// <param name="At">The time from the run's start.</param>
/// <param name="Count">Invocations started then.</param>
public readonly record struct InjectionTick(TimeSpan At, int Count);
