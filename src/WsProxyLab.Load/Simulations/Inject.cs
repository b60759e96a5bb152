namespace WsProxyLab.Load.Simulations;

/// <summary>Starts <paramref name="Rate"/> invocations every <paramref name="Interval"/> for <paramref name="Time"/>.</summary>
public sealed record Inject(int Rate, TimeSpan Interval, TimeSpan Time) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => Time;

    /// <inheritdoc />
    public override SimulationModel Model => SimulationModel.Open;
}
