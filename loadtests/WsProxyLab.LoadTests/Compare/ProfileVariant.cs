using WsProxyLab.Peers.Profiles;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>
/// A change to the run's base profile that some measurements need (a balancing policy, a short read timeout, one of the
/// seed's pitfalls); every target started with it gets its own instance, and its capability notes are reported.
/// </summary>
/// <param name="Name">Its name in reports.</param>
/// <param name="Apply">Derives the variant from the base profile.</param>
internal sealed record ProfileVariant(string Name, Func<ProxyProfile, SuiteScale, ProxyProfile> Apply)
{
    /// <summary>The header the consistent-hash variant balances on; the sticky measurement sends one value per client.</summary>
    public const string ClientIdHeader = "X-Client-Id";

    public static ProfileVariant Default { get; } = new("default", (profile, _) => profile);

    public static ProfileVariant ShortReadTimeout { get; } = new("short-read-timeout", (profile, scale) =>
        profile with { Name = "short-read-timeout", Timeouts = new ProfileTimeouts { Read = scale.ReadTimeout, Send = scale.ReadTimeout } });

    /// <summary>Round robin over the replicas, with short timeouts so that a silent link is noticed within the fault suite's runs.</summary>
    public static ProfileVariant Faults { get; } = new("faults", (profile, scale) => profile with
    {
        Name = "faults",
        Balancing = BalancingPolicy.RoundRobin,
        Timeouts = new ProfileTimeouts { Connect = TimeSpan.FromSeconds(2), Read = scale.ReadTimeout, Send = scale.ReadTimeout },
    });

    /// <summary>One allowed Origin, and wsproxy reading the frames it relays with a 16 MiB message limit: what each target makes of hostile input.</summary>
    public static ProfileVariant BadInput { get; } = new("bad-input", (profile, _) => profile with
    {
        Name = "bad-input",
        AllowedOrigins = [Compare.BadInput.BadInputCase.AllowedOrigin],
        InspectFrames = true,
        MaxMessageBytes = 16 * 1024 * 1024,
    });

    public static ProfileVariant BufferingOn { get; } = new("buffering-on", (profile, _) => profile with { Name = "buffering-on", Buffering = true });

    public static ProfileVariant RoundRobin { get; } = new("round-robin", (profile, _) => profile with { Name = "round-robin", Balancing = BalancingPolicy.RoundRobin });

    public static ProfileVariant Cookie { get; } = new("cookie", (profile, _) => profile with { Name = "cookie", Balancing = BalancingPolicy.StickyCookie });

    public static ProfileVariant IpHash { get; } = new("ip-hash", (profile, _) => profile with { Name = "ip-hash", Balancing = BalancingPolicy.IpHash });

    public static ProfileVariant ConsistentHash { get; } = new("consistent-hash", (profile, _) =>
        profile with { Name = "consistent-hash", Balancing = BalancingPolicy.ConsistentHash, HashKey = $"header:{ClientIdHeader}" });

    public static ProfileVariant MissingUpgradeHeaders { get; } = new("pitfall-no-upgrade-headers", (profile, _) => PitfallProfiles.MissingUpgradeHeaders(profile));

    public static ProfileVariant PitfallBuffering { get; } = new("pitfall-buffering-on", (profile, _) => PitfallProfiles.BufferingOn(profile));

    public static ProfileVariant DefaultTimeouts { get; } = new("pitfall-default-timeouts", (profile, _) => PitfallProfiles.DefaultTimeouts(profile));
}
