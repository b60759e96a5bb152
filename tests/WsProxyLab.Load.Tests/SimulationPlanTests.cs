using WsProxyLab.Load.Simulations;

namespace WsProxyLab.Load.Tests;

public sealed class SimulationPlanTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void KeepConstant_HoldsItsCopiesForItsWholeDuration()
    {
        var phase = Assert.Single(SimulationPlan.Closed([Simulation.KeepConstant(copies: 10, during: 30 * Second)]));

        Assert.Equal(10, phase.CopiesAt(TimeSpan.Zero));
        Assert.Equal(10, phase.CopiesAt(29 * Second));
        Assert.Equal(30 * Second, phase.Duration);
    }

    [Fact]
    public void RampingConstant_MovesLinearlyFromThePreviousPhasesCopies()
    {
        var phases = SimulationPlan.Closed([Simulation.RampingConstant(copies: 10, during: 10 * Second), Simulation.RampingConstant(copies: 2, during: 4 * Second)]);

        Assert.Equal([0, 5, 10], [phases[0].CopiesAt(TimeSpan.Zero), phases[0].CopiesAt(5 * Second), phases[0].CopiesAt(10 * Second)]);
        Assert.Equal([10, 6, 2], [phases[1].CopiesAt(TimeSpan.Zero), phases[1].CopiesAt(2 * Second), phases[1].CopiesAt(4 * Second)]);
        Assert.Equal(10 * Second, phases[1].Start);
    }

    [Fact]
    public void IterationsForConstant_AndPause_ArePhasesOfTheirOwn()
    {
        var phases = SimulationPlan.Closed([Simulation.IterationsForConstant(copies: 3, iterations: 30), Simulation.Pause(2 * Second), Simulation.KeepConstant(1, Second)]);

        Assert.Equal(new ClosedPhase(TimeSpan.Zero, null, 3, 3, 30), phases[0]);
        Assert.Equal(0, phases[1].CopiesAt(Second));
        Assert.Equal(2 * Second, phases[2].Start);
    }

    [Fact]
    public void Inject_StartsItsRateAtEveryInterval()
    {
        var ticks = SimulationPlan.Open([Simulation.Inject(rate: 10, interval: Second, during: 5 * Second)]);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => new InjectionTick(i * Second, 10, Second)), ticks);
    }

    [Fact]
    public void ATicksInvocations_AreSpreadEvenlyOverItsInterval()
    {
        var tick = SimulationPlan.Open([Simulation.Inject(rate: 4, interval: Second, during: 2 * Second)])[1];

        Assert.Equal([1000, 1250, 1500, 1750], Enumerable.Range(0, 4).Select(index => (int)tick.DueAt(index).TotalMilliseconds));
    }

    [Fact]
    public void RampingInject_ReachesItsRateAtTheLastInterval_FromThePreviousRate()
    {
        var ticks = SimulationPlan.Open([
            Simulation.RampingInject(rate: 10, interval: Second, during: 5 * Second),
            Simulation.Pause(Second),
            Simulation.RampingInject(rate: 4, interval: Second, during: 2 * Second),
        ]);

        Assert.Equal([2, 4, 6, 8, 10, 2, 4], ticks.Select(tick => tick.Count));
        Assert.Equal([0, 1, 2, 3, 4, 6, 7], ticks.Select(tick => (int)tick.At.TotalSeconds));
    }

    [Fact]
    public void InjectRandom_StaysInItsRange_AndTheSameSeedGivesTheSameSchedule()
    {
        LoadSimulation[] simulations = [Simulation.InjectRandom(minRate: 5, maxRate: 15, interval: TimeSpan.FromMilliseconds(100), during: 10 * Second)];

        var first = SimulationPlan.Open(simulations, seed: 42);
        var again = SimulationPlan.Open(simulations, seed: 42);

        Assert.Equal(100, first.Count);
        Assert.All(first, tick => Assert.InRange(tick.Count, 5, 15));
        Assert.Equal(first, again);
        Assert.True(first.Select(tick => tick.Count).Distinct().Count() > 3, "the rates did not vary");
    }

    [Fact]
    public void APlanOfTheWrongModel_IsRefusedNamingTheSimulation()
    {
        var open = Assert.Throws<ArgumentException>(() => SimulationPlan.Open([Simulation.KeepConstant(1, Second)]));
        var closed = Assert.Throws<ArgumentException>(() => SimulationPlan.Closed([Simulation.Inject(1, Second, Second)]));

        Assert.StartsWith("KeepConstant is a closed simulation", open.Message, StringComparison.Ordinal);
        Assert.StartsWith("Inject is an open simulation", closed.Message, StringComparison.Ordinal);
    }
}
