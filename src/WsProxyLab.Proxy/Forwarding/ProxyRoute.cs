using WsProxyLab.Proxy.Balancing;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>A configured route at run time: its destinations and the selector that orders them for each request.</summary>
internal sealed class ProxyRoute(string id, string pathPrefix, IReadOnlyList<Destination> destinations, IDestinationSelector selector, IReadOnlyList<string> allowedOrigins)
{
    public IReadOnlyList<string> AllowedOrigins { get; } = allowedOrigins;

    public string Id { get; } = id;

    public string PathPrefix { get; } = pathPrefix;

    public IReadOnlyList<Destination> Destinations { get; } = destinations;

    public IDestinationSelector Selector { get; } = selector;
}
