using WsProxyLab.Load.Scenarios;
using WsProxyLab.LoadTests.Scenarios;
using static WsProxyLab.LoadTests.Compare.Measurements.FigureMath;

namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>
/// Connections opened and closed at the suite's churn rate (the engine's <c>churn</c>): the share of handshakes that
/// succeeded, their latency, the status codes of those that failed, and the target's CPU per handshake.
/// </summary>
internal sealed class HandshakeMeasurement(string name, string concern, ProfileVariant variant, bool secure = false) : IMeasurement
{
    public string Name => name;

    public string Concern => concern;

    public string Description => variant == ProfileVariant.Default
        ? $"{(secure ? "wss://" : "ws://")} handshakes opened and closed at the suite's churn rate"
        : $"handshakes at the churn rate through the '{variant.Name}' profile";

    public ProfileVariant Variant => variant;

    public string LatencyStep => "handshake";

    public string? WhyNotApplicable(string target) =>
        target == CompareTargets.Direct && variant != ProfileVariant.Default ? "no proxy to misconfigure" : null;

    public IReadOnlyList<ScenarioProps> Build(MeasurementInput input)
    {
        var target = secure ? input.SecureWebSocket("/ws/echo") : input.WebSocket("/ws/echo");
        // The warm-up matters most here: a target started for a variant has not yet compiled its handshake path.
        var settings = new RunSettings(target, Connections: 1, input.Scale.ChurnRate, MessageBytes: 8, input.Scale.ChurnDuration, input.Scale.WarmUp, RoomSize: 1, TimeSpan.Zero, input.CertificateValidation);
        return [new ChurnScenario().Build(settings)];
    }

    public IReadOnlyList<Figure> Figures(MeasurementOutput output)
    {
        var handshake = output.Step("handshake");
        var figures = new List<Figure> { new("success", Percent(handshake.Ok.Count, handshake.Count), "%"), P50(handshake), P99(handshake), new("handshakes", handshake.Ok.Rps, "/s") };
        figures.AddRange(CpuPer(output.Usage, "cpu_per_handshake", "µs"));
        return figures;
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Distributions(MeasurementOutput output) =>
        new Dictionary<string, IReadOnlyDictionary<string, long>> { ["handshake status"] = output.Codes("handshake") };
}
