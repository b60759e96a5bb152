using System.Globalization;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.Load.Scenarios;

/// <summary>Checks scenarios before a run, NBomber's way: every error at once, each saying what to change.</summary>
public static class ScenarioValidator
{
    /// <summary>Every error in <paramref name="scenarios"/>; empty when they can run.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<ScenarioProps> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var errors = new List<string>();
        if (scenarios.Count == 0)
        {
            errors.Add("No scenarios were registered. Pass at least one Scenario.Create(...) to the runner.");
        }

        foreach (var duplicate in scenarios.GroupBy(scenario => scenario.Name, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            errors.Add($"Scenario name '{duplicate.Key}' is used {duplicate.Count()} times; give each scenario its own name.");
        }

        foreach (var scenario in scenarios)
        {
            errors.AddRange(ValidateOne(scenario));
        }

        return errors;
    }

    private static IEnumerable<string> ValidateOne(ScenarioProps scenario)
    {
        var name = scenario.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            yield return "A scenario has an empty name; give Scenario.Create a name.";
        }

        if (scenario.LoadSimulations.Count == 0)
        {
            yield return $"Scenario '{name}' has no load simulations; add some with WithLoadSimulations(Simulation.KeepConstant(copies: 1, during: TimeSpan.FromSeconds(30))).";
        }

        if (scenario.WarmUp < TimeSpan.Zero)
        {
            yield return $"Scenario '{name}' has a negative warm-up ({scenario.WarmUp}); use WithoutWarmUp() for none.";
        }

        if (scenario.MaxFailCount < 0)
        {
            yield return $"Scenario '{name}' has MaxFailCount {scenario.MaxFailCount}; it must be 0 or more.";
        }

        var closed = scenario.LoadSimulations.Where(simulation => simulation.Model == SimulationModel.Closed).Select(simulation => simulation.Name).Distinct().ToList();
        var open = scenario.LoadSimulations.Where(simulation => simulation.Model == SimulationModel.Open).Select(simulation => simulation.Name).Distinct().ToList();
        if (closed.Count > 0 && open.Count > 0)
        {
            yield return $"Scenario '{name}' mixes closed simulations ({string.Join(", ", closed)}) with open ones ({string.Join(", ", open)}); " +
                "use KeepConstant, RampingConstant and IterationsForConstant, or Inject, RampingInject and InjectRandom, and put the other load in a second scenario.";
        }

        for (var index = 0; index < scenario.LoadSimulations.Count; index++)
        {
            foreach (var error in ValidateSimulation(scenario.LoadSimulations[index]))
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"Scenario '{name}', simulation {index + 1} ({scenario.LoadSimulations[index].Name}): {error}");
            }
        }
    }

    private static IEnumerable<string> ValidateSimulation(LoadSimulation simulation)
    {
        if (simulation.During is { } during && during <= TimeSpan.Zero)
        {
            yield return $"during is {during}; it must be positive.";
        }

        switch (simulation)
        {
            case KeepConstant { Copies: < 1 } keep:
                yield return $"copies is {keep.Copies}; it must be at least 1.";
                break;
            case RampingConstant { Copies: < 0 } ramp:
                yield return $"copies is {ramp.Copies}; it must be 0 or more.";
                break;
            case IterationsForConstant iterations when iterations.Copies < 1 || iterations.Iterations < 1:
                yield return $"copies is {iterations.Copies} and iterations {iterations.Iterations}; both must be at least 1.";
                break;
            case Inject inject when inject.Rate < 0 || inject.Interval <= TimeSpan.Zero:
                yield return $"rate is {inject.Rate} and interval {inject.Interval}; the rate must be 0 or more and the interval positive.";
                break;
            case RampingInject ramp when ramp.Rate < 0 || ramp.Interval <= TimeSpan.Zero:
                yield return $"rate is {ramp.Rate} and interval {ramp.Interval}; the rate must be 0 or more and the interval positive.";
                break;
            case InjectRandom random when random.MinRate < 0 || random.MaxRate < random.MinRate || random.Interval <= TimeSpan.Zero:
                yield return $"minRate is {random.MinRate}, maxRate {random.MaxRate} and interval {random.Interval}; need 0 <= minRate <= maxRate and a positive interval.";
                break;
        }
    }
}
