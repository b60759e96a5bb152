namespace WsProxyLab.Load.Simulations;

/// <summary>Keeps <paramref name="Copies"/> copies running for <paramref name="Time"/>.</summary>
public sealed record KeepConstant(int Copies, TimeSpan Time) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => Time;

    /// <inheritdoc />
    public override SimulationModel Model => SimulationModel.Closed;
}
