using System.Text.Json;
using System.Text.Json.Serialization;
using WsProxyLab.Load.Running;

namespace WsProxyLab.Load.Reports;

/// <summary>The complete run as JSON (schema version <see cref="RunResult.SchemaVersion"/>); latencies in microseconds, durations in seconds.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Renders <paramref name="run"/>.</summary>
    public static string Render(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var document = new
        {
            schemaVersion = RunResult.SchemaVersion,
            startedAt = run.StartedAt,
            target = run.Target,
            scenarios = run.Scenarios.Select(scenario => new
            {
                name = scenario.Name,
                durationSeconds = scenario.Duration.TotalSeconds,
                stoppedBecause = scenario.StoppedBecause,
                invalid = scenario.Invalid,
                invocations = scenario.Invocations,
                steps = scenario.Steps,
                webSockets = scenario.WebSockets,
                thresholds = scenario.Thresholds,
                timeline = scenario.Timeline,
            }),
        };
        return JsonSerializer.Serialize(document, Options);
    }
}
