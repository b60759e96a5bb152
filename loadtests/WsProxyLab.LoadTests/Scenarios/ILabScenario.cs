using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>A scenario the runner offers by name.</summary>
internal interface ILabScenario
{
    /// <summary>Its name on the command line.</summary>
    string Name { get; }

    /// <summary>One line for <c>list</c>.</summary>
    string Description { get; }

    /// <summary>The URL schemes its target may have.</summary>
    IReadOnlyList<string> Schemes { get; }

    /// <summary>Where the runner checks, before the load, that the target answers.</summary>
    Uri ProbeUri(Uri target) => target;

    /// <summary>The engine's scenario for <paramref name="settings"/>.</summary>
    ScenarioProps Build(RunSettings settings);
}
