namespace WsProxyLab.Load.Simulations;

/// <summary>No load for <paramref name="Time"/>.</summary>
public sealed record Pause(TimeSpan Time) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => Time;

    /// <inheritdoc />
    public override SimulationModel Model => SimulationModel.Either;
}
