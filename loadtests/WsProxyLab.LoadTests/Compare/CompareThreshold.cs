using WsProxyLab.Load.Thresholds;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>
/// One line of a threshold file: which targets, which measurement, and the condition, either in the engine's syntax
/// (<c>echo: fail.count == 0</c>, checked in every repeat) or on a median figure (<see cref="FigureCondition"/>).
/// </summary>
internal sealed record CompareThreshold(int Line, string Text, IReadOnlyList<string>? Targets, string Measurement, Threshold? Engine, FigureCondition? Figure)
{
    /// <summary>Whether the line names <paramref name="target"/> (<c>*</c> names every target, <c>proxies</c> every one but direct).</summary>
    public bool Covers(string target) => Targets?.Contains(target) ?? true;
}

/// <summary>A threshold's verdict for one target.</summary>
internal sealed record CompareThresholdResult(int Line, string Text, string Target, string Measurement, bool Passed, string Message);
