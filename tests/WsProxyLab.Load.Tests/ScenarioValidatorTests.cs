using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.Load.Tests;

public sealed class ScenarioValidatorTests
{
    private static readonly Func<IScenarioContext, Task<Response>> Nothing = _ => Task.FromResult(Response.Ok());

    [Fact]
    public void MixingClosedAndOpenSimulations_IsRefusedSayingWhatToChange()
    {
        var scenario = Scenario.Create("mixed", Nothing).WithLoadSimulations(
            Simulation.KeepConstant(1, TimeSpan.FromSeconds(1)), Simulation.Inject(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        var error = Assert.Single(ScenarioValidator.Validate([scenario]));

        Assert.Equal("Scenario 'mixed' mixes closed simulations (KeepConstant) with open ones (Inject); use KeepConstant, RampingConstant and IterationsForConstant, " +
            "or Inject, RampingInject and InjectRandom, and put the other load in a second scenario.", error);
    }

    [Fact]
    public void EveryErrorIsListedAtOnce()
    {
        var errors = ScenarioValidator.Validate([
            Scenario.Create("a", Nothing),
            Scenario.Create("b", Nothing).WithLoadSimulations(Simulation.KeepConstant(0, TimeSpan.Zero)).WithMaxFailCount(-1),
            Scenario.Create("b", Nothing).WithLoadSimulations(Simulation.InjectRandom(5, 2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))),
        ]);

        Assert.Equal(
        [
            "Scenario name 'b' is used 2 times; give each scenario its own name.",
            "Scenario 'a' has no load simulations; add some with WithLoadSimulations(Simulation.KeepConstant(copies: 1, during: TimeSpan.FromSeconds(30))).",
            "Scenario 'b' has MaxFailCount -1; it must be 0 or more.",
            "Scenario 'b', simulation 1 (KeepConstant): during is 00:00:00; it must be positive.",
            "Scenario 'b', simulation 1 (KeepConstant): copies is 0; it must be at least 1.",
            "Scenario 'b', simulation 1 (InjectRandom): minRate is 5, maxRate 2 and interval 00:00:01; need 0 <= minRate <= maxRate and a positive interval.",
        ], errors);
    }

    [Fact]
    public void NoScenarios_IsRefused()
    {
        Assert.Equal(["No scenarios were registered. Pass at least one Scenario.Create(...) to the runner."], ScenarioValidator.Validate([]));
    }

    [Fact]
    public void ScenarioProps_AreImmutable()
    {
        var original = Scenario.Create("s", Nothing);

        var changed = original.WithoutWarmUp().WithMaxFailCount(3).WithLoadSimulations(Simulation.Pause(TimeSpan.FromSeconds(1)));

        Assert.Equal(ScenarioProps.DefaultWarmUp, original.WarmUp);
        Assert.Equal(ScenarioProps.DefaultMaxFailCount, original.MaxFailCount);
        Assert.Empty(original.LoadSimulations);
        Assert.Equal((TimeSpan.Zero, 3, 1), (changed.WarmUp, changed.MaxFailCount, changed.LoadSimulations.Count));
    }
}
