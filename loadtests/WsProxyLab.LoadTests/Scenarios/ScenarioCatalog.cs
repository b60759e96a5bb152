namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>The scenarios the runner knows, by name.</summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<ILabScenario> All { get; } = [
        new HoldScenario(), new EchoLatencyScenario(), new PushLatencyScenario(), new ChurnScenario(), new IdleTimeoutScenario(), new StickyScenario(),
        new SseBufferingScenario(), new ChatFanoutScenario(), new FailoverScenario(),
    ];

    public static ILabScenario? Find(string name) => All.FirstOrDefault(scenario => scenario.Name == name);
}
