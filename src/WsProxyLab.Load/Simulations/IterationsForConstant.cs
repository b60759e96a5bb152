namespace WsProxyLab.Load.Simulations;

/// <summary><paramref name="Copies"/> copies share <paramref name="Iterations"/> invocations; the phase ends when all are done.</summary>
public sealed record IterationsForConstant(int Copies, long Iterations) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => null;

    /// <inheritdoc />
    public override SimulationModel Model => SimulationModel.Closed;
}
