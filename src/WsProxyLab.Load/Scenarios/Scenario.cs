namespace WsProxyLab.Load.Scenarios;

/// <summary>NBomber's entry point: <c>Scenario.Create("name", async ctx =&gt; …)</c>.</summary>
public static class Scenario
{
    /// <summary>A scenario whose every invocation runs <paramref name="run"/>.</summary>
    public static ScenarioProps Create(string name, Func<IScenarioContext, Task<Response>> run) => new(name, run);
}
