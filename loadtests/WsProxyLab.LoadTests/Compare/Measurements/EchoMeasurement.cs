using WsProxyLab.Load.Scenarios;
using WsProxyLab.LoadTests.Scenarios;
using static WsProxyLab.LoadTests.Compare.Measurements.FigureMath;

namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>
/// Round trips at a fixed rate through the target (the engine's <c>echo-latency</c>, coordinated omission corrected):
/// latency, messages lost, the target's CPU per message and memory per held connection.
/// </summary>
internal sealed class EchoMeasurement(string name, string concern, EchoShape shape, bool secure = false) : IMeasurement
{
    private const string EchoPath = "/ws/echo";

    public string Name => name;

    public string Concern => concern;

    public string Description => shape switch
    {
        EchoShape.Spread => "echo at the suite's rate, each message on the next of all held connections",
        EchoShape.Hot => "echo at the suite's rate on 100 extra connections, beside the held silent ones",
        EchoShape.Large => "16 KiB echo messages on 100 connections: throughput and CPU per MB",
        _ => $"echo on the clients' connections over {(secure ? "wss://" : "ws://")}",
    };

    public ProfileVariant Variant => ProfileVariant.Default;

    public string LatencyStep => "echo";

    public IReadOnlyList<ScenarioProps> Build(MeasurementInput input)
    {
        var scale = input.Scale;
        var target = secure ? input.SecureWebSocket(EchoPath) : input.WebSocket(EchoPath);
        var (connections, rate, bytes) = shape switch
        {
            EchoShape.Spread => (scale.Held, scale.Rate, scale.MessageBytes),
            EchoShape.Hot => (scale.HotConnections, scale.Rate, scale.MessageBytes),
            EchoShape.Large => (scale.LargeConnections, scale.LargeRate, scale.LargeBytes),
            _ => (scale.Clients * 5, scale.Rate, scale.MessageBytes),
        };
        var settings = new RunSettings(target, connections, rate, bytes, scale.Duration, scale.WarmUp, RoomSize: 1, Heartbeat: TimeSpan.Zero, input.CertificateValidation);
        return shape == EchoShape.Hot ? HotEchoScenarios.Build(settings, scale.Held) : [new EchoLatencyScenario().Build(settings)];
    }

    public IReadOnlyList<Figure> Figures(MeasurementOutput output)
    {
        var echo = output.Step("echo");
        var drops = output.Results.SelectMany(result => result.Steps).Where(step => step.Name == "drop").ToList();
        var codes = output.Codes("echo");
        var held = output.Results.Sum(result => result.Steps.FirstOrDefault(step => step.Name == "connect")?.Ok.Count ?? 0);
        var figures = new List<Figure>
        {
            P50(echo),
            P99(echo),
            new("msgs", echo.Ok.Rps, "msg/s"),
            new("lost", echo.Fail.Count + drops.Sum(drop => drop.Fail.Count), "msgs"),
            new("unexpected_1006", Count(codes, "1006") + drops.Sum(drop => drop.Fail.StatusCodes.GetValueOrDefault("1006")), "conns"),
        };
        figures.AddRange(CpuPer(output.Usage, "cpu_per_msg", "µs/msg"));
        // RSS growth per connection: over thousands held, in the suite's first measurement (later ones start from the RSS the previous left).
        if (output.Usage.Measured && held > 0 && shape == EchoShape.Spread)
        {
            figures.Add(new Figure("kib_per_conn", Math.Max(0, output.Usage.RssPeakBytes - output.Usage.RssBeforeBytes) / 1024.0 / held, "KiB/conn"));
        }

        if (shape == EchoShape.Large)
        {
            var megabytes = echo.Ok.Count * (double)output.Input.Scale.LargeBytes / 1e6;
            figures.Add(new Figure("mb_per_s", megabytes / Math.Max(output.Primary.Duration.TotalSeconds, 1e-9), "MB/s"));
            figures.AddRange(CpuPer(output.Usage, "cpu_per_mb", "ms/MB", scale: 1e6 / output.Input.Scale.LargeBytes / 1000.0));
        }

        return figures;
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Distributions(MeasurementOutput output) =>
        new Dictionary<string, IReadOnlyDictionary<string, long>> { ["echo outcomes"] = output.Codes("echo") };
}
