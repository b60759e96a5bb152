namespace WsProxyLab.Proxy.Balancing;

/// <summary>Fewest open tunnels first; ties are broken in turn so equal destinations share new tunnels.</summary>
internal sealed class LeastTunnelsSelector(IReadOnlyList<Destination> destinations) : IDestinationSelector
{
    private int _next = -1;

    public IReadOnlyList<Destination> Order(HttpContext context)
    {
        var rotated = Rotation.From(destinations, (int)((uint)Interlocked.Increment(ref _next) % (uint)destinations.Count));
        return [.. rotated.OrderBy(destination => destination.ActiveTunnels)];
    }
}
