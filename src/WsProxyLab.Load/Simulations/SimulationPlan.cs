namespace WsProxyLab.Load.Simulations;

/// <summary>
/// Turns a scenario's simulations into a schedule: phases of copies for the closed model, injection ticks for the open
/// one. Pure and deterministic (<see cref="InjectRandom"/> draws from the seed), so schedules are tested without a clock.
/// </summary>
public static class SimulationPlan
{
    /// <summary>The closed phases, in order; pauses are phases of zero copies.</summary>
    public static IReadOnlyList<ClosedPhase> Closed(IReadOnlyList<LoadSimulation> simulations)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        var phases = new List<ClosedPhase>();
        var start = TimeSpan.Zero;
        var copies = 0;
        foreach (var simulation in simulations)
        {
            var phase = simulation switch
            {
                KeepConstant keep => new ClosedPhase(start, keep.Time, keep.Copies, keep.Copies, null),
                RampingConstant ramp => new ClosedPhase(start, ramp.Time, copies, ramp.Copies, null),
                IterationsForConstant iterations => new ClosedPhase(start, null, iterations.Copies, iterations.Copies, iterations.Iterations),
                Pause pause => new ClosedPhase(start, pause.Time, 0, 0, null),
                _ => throw new ArgumentException($"{simulation.Name} is an open simulation; a closed plan takes KeepConstant, RampingConstant, IterationsForConstant and Pause.", nameof(simulations)),
            };
            phases.Add(phase);
            start += phase.Duration ?? TimeSpan.Zero;
            copies = phase.ToCopies;
        }

        return phases;
    }

    /// <summary>The injection ticks of open simulations, in order; a tick with no invocations is left out. A tick's
    /// invocations are spread evenly over its interval: started together, they would measure the generator's own queue.</summary>
    public static IReadOnlyList<InjectionTick> Open(IReadOnlyList<LoadSimulation> simulations, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        var random = new Random(seed);
        var ticks = new List<InjectionTick>();
        var start = TimeSpan.Zero;
        var rate = 0;
        foreach (var simulation in simulations)
        {
            switch (simulation)
            {
                case Inject inject:
                    AddTicks(ticks, start, inject.Interval, inject.Time, _ => inject.Rate);
                    rate = inject.Rate;
                    break;
                case RampingInject ramp:
                    var from = rate;
                    var count = TickCount(ramp.Interval, ramp.Time);
                    AddTicks(ticks, start, ramp.Interval, ramp.Time,
                        index => (int)Math.Round(from + ((ramp.Rate - from) * (index + 1) / (double)count), MidpointRounding.AwayFromZero));
                    rate = ramp.Rate;
                    break;
                case InjectRandom randomly:
                    AddTicks(ticks, start, randomly.Interval, randomly.Time, _ => random.Next(randomly.MinRate, randomly.MaxRate + 1));
                    rate = randomly.MaxRate;
                    break;
                case Pause:
                    rate = 0;
                    break;
                default:
                    throw new ArgumentException($"{simulation.Name} is a closed simulation; an open plan takes Inject, RampingInject, InjectRandom and Pause.", nameof(simulations));
            }

            start += simulation.During ?? TimeSpan.Zero;
        }

        return ticks;
    }

    /// <summary>How long the plan runs (an <see cref="IterationsForConstant"/> phase counts as zero: it lasts as long as its iterations take).</summary>
    public static TimeSpan Duration(IReadOnlyList<LoadSimulation> simulations) =>
        simulations.Aggregate(TimeSpan.Zero, (total, simulation) => total + (simulation.During ?? TimeSpan.Zero));

    private static int TickCount(TimeSpan interval, TimeSpan during) => Math.Max(1, (int)(during.Ticks / interval.Ticks));

    private static void AddTicks(List<InjectionTick> ticks, TimeSpan start, TimeSpan interval, TimeSpan during, Func<int, int> countAt)
    {
        var count = TickCount(interval, during);
        for (var index = 0; index < count; index++)
        {
            var invocations = countAt(index);
            if (invocations > 0)
            {
                ticks.Add(new InjectionTick(start + (interval * index), invocations, interval));
            }
        }
    }
}
