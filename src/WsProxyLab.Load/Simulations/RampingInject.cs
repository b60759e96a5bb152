namespace WsProxyLab.Load.Simulations;

/// <summary>Moves the injection rate linearly from the previous phase's to <paramref name="Rate"/> per <paramref name="Interval"/> over <paramref name="Time"/>.</summary>
public sealed record RampingInject(int Rate, TimeSpan Interval, TimeSpan Time) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => Time;

    /// <inheritdoc />
    public override SimulationModel Model => SimulationModel.Open;
}
