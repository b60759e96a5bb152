namespace WsProxyLab.Load.Simulations;

/// <summary>Moves the number of copies linearly from the previous phase's to <paramref name="Copies"/> over <paramref name="Time"/>.</summary>
public sealed record RampingConstant(int Copies, TimeSpan Time) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => Time;

    /// <inheritdoc />
    public override SimulationModel Model => SimulationModel.Closed;
}
