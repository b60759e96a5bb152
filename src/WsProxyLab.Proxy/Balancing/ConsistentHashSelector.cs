namespace WsProxyLab.Proxy.Balancing;

/// <summary>Consistent hash on a request value named <c>header:NAME</c>, <c>cookie:NAME</c> or <c>query:NAME</c>; a missing value hashes as empty.</summary>
internal sealed class ConsistentHashSelector(IReadOnlyList<Destination> destinations, string hashKey) : IDestinationSelector
{
    private readonly HashRing _ring = new(destinations);

    public IReadOnlyList<Destination> Order(HttpContext context) => _ring.Walk(KeyOf(context.Request, hashKey));

    internal static string KeyOf(HttpRequest request, string hashKey)
    {
        var separator = hashKey.IndexOf(':', StringComparison.Ordinal);
        var (source, name) = (hashKey[..separator], hashKey[(separator + 1)..]);
        return source switch
        {
            "header" => request.Headers[name].ToString(),
            "cookie" => request.Cookies[name] ?? string.Empty,
            _ => request.Query[name].ToString(),
        };
    }
}
