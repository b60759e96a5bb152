using WsProxyLab.Peers.Targets;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>The targets <c>compare</c> accepts by name, and the peer each one starts as.</summary>
internal static class CompareTargets
{
    public const string Direct = "direct";
    public const string Nginx = "nginx";

    /// <summary>Every name, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = [Direct, "wsproxy", Nginx, "haproxy", "yarp"];

    /// <summary>The peer kind: nginx and HAProxy as host processes, or in containers with <paramref name="containers"/>.</summary>
    public static TargetKind KindOf(string name, bool containers) => name switch
    {
        Direct => TargetKind.Direct,
        "wsproxy" => TargetKind.WsProxy,
        Nginx => containers ? TargetKind.NginxContainer : TargetKind.NginxProcess,
        "haproxy" => containers ? TargetKind.HaproxyContainer : TargetKind.HaproxyProcess,
        "yarp" => TargetKind.Yarp,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"Unknown target; choose from {string.Join(", ", Names)}."),
    };

    /// <summary>Splits <c>direct,nginx</c>; returns the unknown name, if any.</summary>
    public static (IReadOnlyList<string> Targets, string? Unknown) Parse(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        return (names, names.FirstOrDefault(name => !Names.Contains(name)));
    }
}
