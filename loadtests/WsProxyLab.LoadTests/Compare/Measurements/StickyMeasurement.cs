using WsProxyLab.Load.Scenarios;
using WsProxyLab.LoadTests.Scenarios;
using static WsProxyLab.LoadTests.Compare.Measurements.FigureMath;

namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>
/// Clients reconnecting again and again through one balancing policy (the engine's <c>sticky</c>: a cookie jar, an id
/// header and a source address of their own each): the share of reconnects that landed on the client's first replica
/// and the spread of connections over the replicas. Round-robin is the control.
/// </summary>
internal sealed class StickyMeasurement(ProfileVariant policy) : IMeasurement
{
    private static readonly TimeSpan CyclePause = TimeSpan.FromMilliseconds(20);

    public string Name => $"sticky-{policy.Name}";

    public string Concern => "Sticky";

    public string Description => $"reconnect cycles with the '{policy.Name}' policy over the replicas: same-replica share, spread";

    public ProfileVariant Variant => policy;

    public string LatencyStep => "replica";

    public string? WhyNotApplicable(string target) => target == CompareTargets.Direct ? "one replica only" : null;

    public IReadOnlyList<ScenarioProps> Build(MeasurementInput input)
    {
        var settings = new RunSettings(input.WebSocket("/ws/echo"), input.Scale.Clients, Rate: 1, MessageBytes: 8, input.Scale.ShortDuration, TimeSpan.Zero, RoomSize: 1, TimeSpan.Zero, input.CertificateValidation)
        {
            ClientIdHeader = ProfileVariant.ClientIdHeader,
            ClientAddresses = input.Scale.Clients,
            CyclePause = CyclePause,
        };
        return [new StickyScenario().Build(settings)];
    }

    public IReadOnlyList<Figure> Figures(MeasurementOutput output)
    {
        var same = output.Step("same-replica");
        var replicas = Replicas(output);
        return
        [
            new("same_replica", Percent(same.Ok.Count, same.Count), "%"),
            new("spread", Spread([.. replicas.Values]), "max/min"),
            new("cycles", same.Count, "reconnects"),
            new("failed", output.Step("replica").Fail.Count, "connects"),
        ];
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Distributions(MeasurementOutput output) =>
        new Dictionary<string, IReadOnlyDictionary<string, long>> { ["replicas"] = Replicas(output) };

    /// <summary>Connections per replica, every replica of the lab listed (one that served none with 0).</summary>
    private static Dictionary<string, long> Replicas(MeasurementOutput output)
    {
        var served = output.Step("replica").Ok.StatusCodes;
        return output.Input.Backends.ReplicaIds.ToDictionary(id => id, id => served.GetValueOrDefault(id), StringComparer.Ordinal);
    }
}
