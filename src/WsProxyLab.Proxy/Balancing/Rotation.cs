namespace WsProxyLab.Proxy.Balancing;

/// <summary>The destinations starting at one index and wrapping around: a choice followed by its failover order.</summary>
internal static class Rotation
{
    public static IReadOnlyList<Destination> From(IReadOnlyList<Destination> destinations, int start)
    {
        var ordered = new Destination[destinations.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i] = destinations[(start + i) % destinations.Count];
        }

        return ordered;
    }

    /// <summary><paramref name="first"/>, then the others in their configured order.</summary>
    public static IReadOnlyList<Destination> StartingWith(IReadOnlyList<Destination> destinations, Destination first) =>
        [first, .. destinations.Where(destination => !ReferenceEquals(destination, first))];
}
