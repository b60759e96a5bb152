using WsProxyLab.LoadTests.Compare.BadInput;
using WsProxyLab.LoadTests.Compare.Clients;
using WsProxyLab.LoadTests.Compare.Measurements;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>A named set of measurements at one scale, run against every target.</summary>
internal sealed record CompareSuite(string Name, string Description, SuiteScale Scale, int DefaultRepeats, IReadOnlyList<IMeasurement> Measurements)
{
    /// <summary>The bad inputs CI answers for every target: smuggling, a refused Origin, a slowloris, two broken frames, plain HTTP on TLS.</summary>
    private static readonly string[] CiBadInputs = ["hs-content-length", "hs-origin", "hs-slowloris", "frame-unmasked", "frame-2e62", "tls-plain-http"];

    /// <summary>Every suite, by name.</summary>
    public static IReadOnlyList<string> Names { get; } = ["seed", "perf", "faults", "badinput", "ci"];

    /// <summary>The suite; <paramref name="long"/> adds the measurements that take a minute or more (nginx's 60 s default read timeout).</summary>
    public static CompareSuite? Find(string name, bool @long) => name switch
    {
        "seed" => Seed(@long),
        "perf" => Perf,
        "faults" => Faults,
        "badinput" => BadInputs,
        "ci" => Ci,
        _ => null,
    };

    private static CompareSuite Seed(bool @long) => new("seed", "the seed's concerns: Upgrade, timeouts, buffering latency, TLS and sticky balancing, per target",
        new SuiteScale { Held = 500, Rate = 500, Duration = TimeSpan.FromSeconds(10), ChurnRate = 100, ChurnDuration = TimeSpan.FromSeconds(5) },
        DefaultRepeats: 1,
        [
            new HandshakeMeasurement("upgrade", "Upgrade", ProfileVariant.Default),
            new HandshakeMeasurement("pitfall-no-upgrade-headers", "Upgrade", ProfileVariant.MissingUpgradeHeaders),
            new TimeoutMeasurement("timeout-silent", TimeoutMode.Silent, ProfileVariant.ShortReadTimeout),
            new TimeoutMeasurement("timeout-heartbeat", TimeoutMode.Heartbeat, ProfileVariant.ShortReadTimeout),
            new TimeoutMeasurement("timeout-ping", TimeoutMode.Ping, ProfileVariant.ShortReadTimeout),
            .. @long ? [new TimeoutMeasurement("pitfall-default-timeouts", TimeoutMode.Silent, ProfileVariant.DefaultTimeouts, TimeSpan.FromSeconds(70))] : Array.Empty<IMeasurement>(),
            new SseMeasurement("sse", ProfileVariant.Default),
            new SseMeasurement("sse-buffering-on", ProfileVariant.BufferingOn),
            new SseMeasurement("pitfall-buffering-on", ProfileVariant.PitfallBuffering),
            new PushMeasurement(),
            new HandshakeMeasurement("tls-handshake", "TLS", ProfileVariant.Default, secure: true),
            new EchoMeasurement("echo-ws", "TLS", EchoShape.Small),
            new EchoMeasurement("echo-wss", "TLS", EchoShape.Small, secure: true),
            new StickyMeasurement(ProfileVariant.RoundRobin),
            new StickyMeasurement(ProfileVariant.Cookie),
            new StickyMeasurement(ProfileVariant.IpHash),
            new StickyMeasurement(ProfileVariant.ConsistentHash),
            new FailoverMeasurement(),
        ]);

    private static CompareSuite Perf { get; } = new("perf", "held connections, echo in the spread and hot shapes, 16 KiB messages and churn: latency added and what each costs",
        new SuiteScale { Held = 5_000, Rate = 2_000, Duration = TimeSpan.FromSeconds(20), ChurnRate = 200, ChurnDuration = TimeSpan.FromSeconds(10) },
        DefaultRepeats: 3,
        [
            new EchoMeasurement("echo-spread", "Performance", EchoShape.Spread),
            new EchoMeasurement("echo-hot", "Performance", EchoShape.Hot),
            new EchoMeasurement("echo-16k", "Performance", EchoShape.Large),
            new HandshakeMeasurement("churn", "Performance", ProfileVariant.Default),
        ]);

    private static CompareSuite Faults { get; } = new("faults", "faults made under 2,000 held echoing connections, chat rooms and reconnecting clients: who is cut, with what code, who loses what, how fast clients notice",
        new SuiteScale
        {
            Held = 2_000, Rate = 1_000, Duration = TimeSpan.FromSeconds(16), ChurnRate = 100, ChurnDuration = TimeSpan.FromSeconds(4), StormConnections = 5_000,
        },
        DefaultRepeats: 1,
        [.. Enum.GetValues<FaultKind>().Select(kind => new FaultMeasurement(kind))]);

    private static CompareSuite BadInputs { get; } = new("badinput", "hostile and broken handshakes, frames and TLS bytes, each sent once beside 50 held echoing connections: what each target answers, and whether anyone else loses anything",
        new SuiteScale { Held = 50, Rate = 50, Duration = TimeSpan.FromSeconds(3), WarmUp = TimeSpan.FromSeconds(1), ChurnRate = 10, ChurnDuration = TimeSpan.FromSeconds(1) },
        DefaultRepeats: 1,
        [.. BadInputCase.All.Select(input => new BadInputMeasurement(input)), .. RealClientMeasurement.All()]);

    private static CompareSuite Ci { get; } = new("ci", "a short run of every concern for CI's thresholds: about 2,000 connections and tens of seconds per target",
        new SuiteScale { Held = 2_000, Rate = 1_000, Duration = TimeSpan.FromSeconds(10), ChurnRate = 100, ChurnDuration = TimeSpan.FromSeconds(4), ShortDuration = TimeSpan.FromSeconds(4) },
        DefaultRepeats: 1,
        [
            new EchoMeasurement("echo-spread", "Performance", EchoShape.Spread),
            new HandshakeMeasurement("upgrade", "Upgrade", ProfileVariant.Default),
            new SseMeasurement("sse", ProfileVariant.Default),
            new PushMeasurement(),
            new StickyMeasurement(ProfileVariant.RoundRobin),
            new StickyMeasurement(ProfileVariant.Cookie),
            new FaultMeasurement(FaultKind.BackendKill),
            new FaultMeasurement(FaultKind.ProxyReload),
            new FaultMeasurement(FaultKind.SlowConsumer),
            .. BadInputCase.All.Where(input => CiBadInputs.Contains(input.Name)).Select(input => new BadInputMeasurement(input)),
        ]);
}
