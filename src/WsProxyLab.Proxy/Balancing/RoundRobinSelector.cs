namespace WsProxyLab.Proxy.Balancing;

/// <summary>Each destination in turn; failover continues around the list.</summary>
internal sealed class RoundRobinSelector(IReadOnlyList<Destination> destinations) : IDestinationSelector
{
    private int _next = -1;

    public IReadOnlyList<Destination> Order(HttpContext context) =>
        Rotation.From(destinations, (int)((uint)Interlocked.Increment(ref _next) % (uint)destinations.Count));
}
