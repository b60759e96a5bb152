namespace WsProxyLab.Proxy.Balancing;

/// <summary>
/// A consistent-hash ring with virtual nodes: each destination owns many points, a key goes to the first point at or
/// after its hash, so adding or removing one of N destinations moves about 1/N of the keys.
/// </summary>
internal sealed class HashRing
{
    private readonly ulong[] _points;
    private readonly Destination[] _owners;
    private readonly int _destinationCount;

    public HashRing(IReadOnlyList<Destination> destinations, int virtualNodesPerDestination = 160)
    {
        var points = destinations
            .SelectMany(destination => Enumerable.Range(0, virtualNodesPerDestination)
                .Select(index => (Hash: StableHash.Of($"{destination.Id}#{index}"), Destination: destination)))
            .OrderBy(point => point.Hash)
            .ToArray();
        _points = [.. points.Select(point => point.Hash)];
        _owners = [.. points.Select(point => point.Destination)];
        _destinationCount = destinations.Count;
    }

    /// <summary>The owner of <paramref name="key"/>, then the next distinct destinations clockwise (the failover order).</summary>
    public IReadOnlyList<Destination> Walk(string key)
    {
        var index = Array.BinarySearch(_points, StableHash.Of(key));
        if (index < 0)
        {
            index = ~index;
        }

        var order = new List<Destination>(_destinationCount);
        for (var step = 0; step < _points.Length && order.Count < _destinationCount; step++)
        {
            var owner = _owners[(index + step) % _points.Length];
            if (!order.Contains(owner))
            {
                order.Add(owner);
            }
        }

        return order;
    }
}
