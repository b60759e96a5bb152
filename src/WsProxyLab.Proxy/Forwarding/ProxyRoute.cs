namespace WsProxyLab.Proxy.Forwarding;

/// <summary>A configured route at run time.</summary>
internal sealed class ProxyRoute(string id, string pathPrefix, IReadOnlyList<(string Id, Uri Address)> destinations)
{
    private int _next = -1;

    public string Id { get; } = id;

    public string PathPrefix { get; } = pathPrefix;

    /// <summary>Every destination once, starting one further than the previous call (round-robin with failover order).</summary>
    public IEnumerable<(string Id, Uri Address)> DestinationsInTryOrder()
    {
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)destinations.Count);
        for (var i = 0; i < destinations.Count; i++)
        {
            yield return destinations[(start + i) % destinations.Count];
        }
    }
}
