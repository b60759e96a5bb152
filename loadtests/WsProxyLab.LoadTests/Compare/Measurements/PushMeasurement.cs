using WsProxyLab.Load.Scenarios;
using WsProxyLab.LoadTests.Scenarios;
using static WsProxyLab.LoadTests.Compare.Measurements.FigureMath;

namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>WebSocket push latency: held connections to <c>/ws/source</c> (20 messages a second each), server timestamp to receipt.</summary>
internal sealed class PushMeasurement : IMeasurement
{
    public string Name => "push";

    public string Concern => "Buffering";

    public string Description => "WebSocket push latency from /ws/source (20 msg/s per connection), server timestamp to receipt";

    public ProfileVariant Variant => ProfileVariant.Default;

    public string LatencyStep => "push";

    public IReadOnlyList<ScenarioProps> Build(MeasurementInput input)
    {
        var settings = new RunSettings(input.WebSocket("/ws/source?rate=20&size=64"), input.Scale.Clients, Rate: 1, MessageBytes: 64, input.Scale.ShortDuration, TimeSpan.Zero, RoomSize: 1, TimeSpan.Zero, input.CertificateValidation);
        return [new PushLatencyScenario().Build(settings)];
    }

    public IReadOnlyList<Figure> Figures(MeasurementOutput output)
    {
        var push = output.Step("push");
        var figures = new List<Figure> { P50(push), P99(push), new("msgs", push.Ok.Rps, "msg/s"), new("failed", push.Fail.Count, "msgs") };
        figures.AddRange(CpuPer(output.Usage, "cpu_per_msg", "µs/msg"));
        return figures;
    }
}
