namespace WsProxyLab.Load.Simulations;

/// <summary>Starts a random number of invocations, from <paramref name="MinRate"/> to <paramref name="MaxRate"/>, every <paramref name="Interval"/> for <paramref name="Time"/>.</summary>
public sealed record InjectRandom(int MinRate, int MaxRate, TimeSpan Interval, TimeSpan Time) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => Time;

    /// <inheritdoc />
    public override SimulationModel Model => SimulationModel.Open;
}
