using WsProxyLab.Load.Scenarios;
using WsProxyLab.LoadTests.Scenarios;
using static WsProxyLab.LoadTests.Compare.Measurements.FigureMath;

namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>
/// Server-Sent Events through the target (the engine's <c>sse-buffering</c>: 20 events 100 ms apart per stream), from
/// the server's timestamp to receipt: a buffering proxy holds events back until its buffer or the stream ends.
/// </summary>
internal sealed class SseMeasurement(string name, ProfileVariant variant) : IMeasurement
{
    private const string StreamPath = "/stream/sse?interval=100&count=20";

    public string Name => name;

    public string Concern => "Buffering";

    public string Description => $"SSE event latency (20 events 100 ms apart per stream) with the '{variant.Name}' profile";

    public ProfileVariant Variant => variant;

    public string LatencyStep => "event";

    public string? WhyNotApplicable(string target) =>
        target == CompareTargets.Direct && variant != ProfileVariant.Default ? "no proxy to buffer" : null;

    public IReadOnlyList<ScenarioProps> Build(MeasurementInput input)
    {
        var settings = new RunSettings(input.Http(StreamPath), input.Scale.Clients, Rate: 1, MessageBytes: 8, input.Scale.ShortDuration, TimeSpan.Zero, RoomSize: 1, TimeSpan.Zero, input.CertificateValidation);
        return [new SseBufferingScenario().Build(settings)];
    }

    public IReadOnlyList<Figure> Figures(MeasurementOutput output)
    {
        var events = output.Step("event");
        return [P50(events), P99(events), new("events", events.Ok.Count, "events"), new("failed", events.Fail.Count, "streams")];
    }
}
