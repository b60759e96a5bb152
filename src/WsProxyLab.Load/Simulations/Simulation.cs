namespace WsProxyLab.Load.Simulations;

/// <summary>NBomber's simulation factory: <c>Simulation.KeepConstant(copies: 10, during: TimeSpan.FromSeconds(30))</c> and the rest.</summary>
public static class Simulation
{
    /// <summary>Keeps <paramref name="copies"/> copies running for <paramref name="during"/>.</summary>
    public static LoadSimulation KeepConstant(int copies, TimeSpan during) => new KeepConstant(copies, during);

    /// <summary>Ramps the copies linearly to <paramref name="copies"/> over <paramref name="during"/>.</summary>
    public static LoadSimulation RampingConstant(int copies, TimeSpan during) => new RampingConstant(copies, during);

    /// <summary><paramref name="copies"/> copies run <paramref name="iterations"/> invocations between them.</summary>
    public static LoadSimulation IterationsForConstant(int copies, long iterations) => new IterationsForConstant(copies, iterations);

    /// <summary>Starts <paramref name="rate"/> invocations every <paramref name="interval"/> for <paramref name="during"/>.</summary>
    public static LoadSimulation Inject(int rate, TimeSpan interval, TimeSpan during) => new Inject(rate, interval, during);

    /// <summary>Ramps the injection rate linearly to <paramref name="rate"/> per <paramref name="interval"/> over <paramref name="during"/>.</summary>
    public static LoadSimulation RampingInject(int rate, TimeSpan interval, TimeSpan during) => new RampingInject(rate, interval, during);

    /// <summary>Starts between <paramref name="minRate"/> and <paramref name="maxRate"/> invocations every <paramref name="interval"/> for <paramref name="during"/>.</summary>
    public static LoadSimulation InjectRandom(int minRate, int maxRate, TimeSpan interval, TimeSpan during) => new InjectRandom(minRate, maxRate, interval, during);

    /// <summary>No load for <paramref name="during"/>.</summary>
    public static LoadSimulation Pause(TimeSpan during) => new Pause(during);
}
