using System.Globalization;
using System.Text.Json;

namespace WsProxyLab.Bench.Engine;

/// <summary>Reads the figures out of the runner's JSON report and the independent client's key=value line.</summary>
internal static class EngineRunParser
{
    public static HoldFigures Hold(int asked, string reportJson)
    {
        using var report = JsonDocument.Parse(reportJson);
        var scenario = report.RootElement.GetProperty("scenarios")[0];
        var steps = StepsOf(scenario);
        // The working set while every connection is held: the median second of the measured run.
        var workingSets = scenario.GetProperty("timeline").EnumerateArray().Select(sample => sample.GetProperty("generatorWorkingSetBytes").GetInt64()).Order().ToList();
        return new HoldFigures(
            asked,
            Count(steps, "connect", "ok"),
            Count(steps, "drop", "fail"),
            workingSets.Count == 0 ? 0 : workingSets[workingSets.Count / 2]);
    }

    public static EchoFigures EngineEcho(string reportJson)
    {
        using var report = JsonDocument.Parse(reportJson);
        var scenario = report.RootElement.GetProperty("scenarios")[0];
        var steps = StepsOf(scenario);
        // Whole seconds only: the last sample is the part-second after the load stopped.
        var seconds = scenario.GetProperty("timeline").EnumerateArray().SkipLast(1).ToList();
        var cpuSeconds = seconds.Sum(sample => sample.GetProperty("generatorCpuPercent").GetDouble() / 100);
        var messages = seconds.Sum(sample => sample.GetProperty("ok").GetInt64());
        var echo = steps["echo"].GetProperty("ok");
        return new EchoFigures(
            "engine",
            Count(steps, "echo", "ok"),
            Count(steps, "echo", "fail") + Count(steps, "drop", "fail"),
            echo.GetProperty("p50Microseconds").GetDouble(),
            steps["echo.raw"].GetProperty("ok").GetProperty("p50Microseconds").GetDouble(),
            echo.GetProperty("p99Microseconds").GetDouble(),
            messages == 0 ? 0 : cpuSeconds * 1e6 / messages);
    }

    /// <summary>The independent client's line: <c>messages=N failures=N p50_us=N p99_us=N cpu_us_per_message=N</c>.</summary>
    public static EchoFigures IndependentEcho(string output)
    {
        var line = output.Split('\n').LastOrDefault(text => text.StartsWith("messages=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The independent client printed no figures: {output}");
        var values = line.Trim().Split(' ').Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => double.Parse(pair[1], CultureInfo.InvariantCulture));
        return new EchoFigures("independent", (long)values["messages"], (long)values["failures"], null, values["p50_us"], values["p99_us"], values["cpu_us_per_message"]);
    }

    private static Dictionary<string, JsonElement> StepsOf(JsonElement scenario) =>
        scenario.GetProperty("steps").EnumerateArray().ToDictionary(step => step.GetProperty("name").GetString()!, step => step.Clone());

    private static long Count(Dictionary<string, JsonElement> steps, string step, string outcome) =>
        steps.TryGetValue(step, out var found) ? found.GetProperty(outcome).GetProperty("count").GetInt64() : 0;
}
