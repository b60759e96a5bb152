namespace WsProxyLab.Load.Simulations;

/// <summary>
/// One phase of a scenario's load, as NBomber's <c>LoadSimulation</c>. Closed simulations keep a number of copies
/// running invocations back to back; open ones start invocations at a rate whatever the target's latency. A scenario
/// uses one kind or the other (<see cref="Pause"/> goes with both).
/// </summary>
public abstract record LoadSimulation
{
    /// <summary>How long the phase lasts; null for <see cref="IterationsForConstant"/>, which lasts until its iterations are done.</summary>
    public abstract TimeSpan? During { get; }

    /// <summary>Whether this is a closed simulation (copies), an open one (injection rate), or neither (a pause).</summary>
    public abstract SimulationModel Model { get; }

    /// <summary>NBomber's name for the simulation.</summary>
    public string Name => GetType().Name;
}
