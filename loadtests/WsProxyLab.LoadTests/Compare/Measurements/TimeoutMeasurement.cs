using WsProxyLab.Load.Scenarios;
using WsProxyLab.LoadTests.Scenarios;
using static WsProxyLab.LoadTests.Compare.Measurements.FigureMath;

namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>
/// Connections held past the profile's read timeout: silent (the engine's <c>idle-timeout</c>: closed, after how long,
/// with which close code), or with application heartbeats or protocol pings (<c>hold</c>: kept, or dropped by code).
/// </summary>
internal sealed class TimeoutMeasurement(string name, TimeoutMode mode, ProfileVariant variant, TimeSpan? duration = null) : IMeasurement
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    public string Name => name;

    public string Concern => "Timeouts";

    public string Description => mode switch
    {
        TimeoutMode.Silent => $"silent connections past the '{variant.Name}' profile's read timeout: closed, after how long, close codes",
        TimeoutMode.Heartbeat => "connections past the read timeout with an echoed heartbeat each second: kept or dropped",
        _ => "connections past the read timeout with a protocol ping each second: kept or dropped",
    };

    public ProfileVariant Variant => variant;

    public string LatencyStep => mode switch { TimeoutMode.Silent => "idle", TimeoutMode.Heartbeat => "heartbeat", _ => "ping" };

    public string? WhyNotApplicable(string target) =>
        target == CompareTargets.Direct && variant != ProfileVariant.ShortReadTimeout ? "no proxy to misconfigure" : null;

    public IReadOnlyList<ScenarioProps> Build(MeasurementInput input)
    {
        var runFor = duration ?? input.Scale.ReadTimeout + Margin;
        var settings = new RunSettings(input.WebSocket("/ws/echo"), input.Scale.Clients, Rate: 1, MessageBytes: 16, runFor, TimeSpan.Zero, RoomSize: 1,
            mode == TimeoutMode.Silent ? TimeSpan.Zero : HeartbeatInterval, input.CertificateValidation) { Ping = mode == TimeoutMode.Ping };
        return [mode == TimeoutMode.Silent ? new IdleTimeoutScenario().Build(settings) : new HoldScenario().Build(settings)];
    }

    public IReadOnlyList<Figure> Figures(MeasurementOutput output)
    {
        var clients = output.Input.Scale.Clients;
        if (mode == TimeoutMode.Silent)
        {
            var idle = output.Step("idle");
            return
            [
                new("closed", Percent(Math.Min(idle.Ok.Count, clients), clients), "%"),
                new("closed_after", idle.Ok.Count == 0 ? 0 : idle.Ok.P50Microseconds / 1e6, "s"),
                // A connection can close twice in the run (it reconnects after the first): shares, not counts.
                new("closed_1006", Percent(Count(output.Codes("idle"), "1006"), idle.Ok.Count), "% of closes"),
            ];
        }

        var drop = output.Step("drop");
        var beats = output.Step(LatencyStep);
        return
        [
            new("kept", Percent(Math.Max(0, clients - drop.Fail.Count), clients), "%"),
            new("dropped", drop.Fail.Count, "conns"),
            new("unexpected_1006", drop.Fail.StatusCodes.GetValueOrDefault("1006"), "conns"),
            P50(beats),
        ];
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Distributions(MeasurementOutput output) =>
        new Dictionary<string, IReadOnlyDictionary<string, long>> { ["close codes"] = output.Codes(mode == TimeoutMode.Silent ? "idle" : "drop") };
}
