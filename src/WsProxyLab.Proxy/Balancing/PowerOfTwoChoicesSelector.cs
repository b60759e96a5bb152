namespace WsProxyLab.Proxy.Balancing;

/// <summary>Two destinations at random, the one with fewer tunnels first; then the rest, least loaded first.</summary>
internal sealed class PowerOfTwoChoicesSelector(IReadOnlyList<Destination> destinations, Random random) : IDestinationSelector
{
    public IReadOnlyList<Destination> Order(HttpContext context)
    {
        if (destinations.Count == 1)
        {
            return destinations;
        }

        var first = random.Next(destinations.Count);
        var second = (first + 1 + random.Next(destinations.Count - 1)) % destinations.Count;
        var choice = destinations[second].ActiveTunnels < destinations[first].ActiveTunnels ? destinations[second] : destinations[first];
        return [choice, .. destinations.Where(destination => !ReferenceEquals(destination, choice)).OrderBy(destination => destination.ActiveTunnels)];
    }
}
