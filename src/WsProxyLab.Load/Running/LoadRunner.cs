using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.Load.Running;

/// <summary>Runs scenarios side by side, as NBomber's runner does, after validating all of them.</summary>
public static class LoadRunner
{
    /// <summary>
    /// Validates <paramref name="scenarios"/> (throwing <see cref="ScenarioValidationException"/> with every error) and runs
    /// them concurrently; <paramref name="onSecond"/> gets each scenario's timeline sample as it is taken (for a live view).
    /// </summary>
    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(
        IReadOnlyList<ScenarioProps> scenarios, ILoggerFactory? loggerFactory = null, Action<string, TimelineSample>? onSecond = null, CancellationToken cancellationToken = default)
    {
        var errors = ScenarioValidator.Validate(scenarios);
        if (errors.Count > 0)
        {
            throw new ScenarioValidationException(errors);
        }

        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        return await Task.WhenAll(scenarios.Select(scenario =>
            new ScenarioRunner(scenario, factory.CreateLogger($"WsProxyLab.Load.Scenario.{scenario.Name}"), onSecond).RunAsync(cancellationToken))).ConfigureAwait(false);
    }
}
