using WsProxyLab.Proxy.Balancing;
using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>A configured route at run time: its destinations and the selector that orders them for each request.</summary>
internal sealed class ProxyRoute(
    string id, string pathPrefix, IReadOnlyList<Destination> destinations, IDestinationSelector selector, IReadOnlyList<string> allowedOrigins, ActiveHealthConfig activeHealth,
    RelayMode mode, long maxMessageBytes)
{
    public RelayMode Mode { get; } = mode;

    public long MaxMessageBytes { get; } = maxMessageBytes;

    public ActiveHealthConfig ActiveHealth { get; } = activeHealth;

    public IReadOnlyList<string> AllowedOrigins { get; } = allowedOrigins;

    public string Id { get; } = id;

    public string PathPrefix { get; } = pathPrefix;

    public IReadOnlyList<Destination> Destinations { get; } = destinations;

    public IDestinationSelector Selector { get; } = selector;

    /// <summary>
    /// The policy's order with unavailable destinations moved last: they get a request only when every other one failed
    /// too. Availability is read once, before the first attempt: a destination that fails its attempt is not tried again.
    /// </summary>
    public IEnumerable<Destination> TryOrder(HttpContext context) =>
        Selector.Order(context).OrderBy(destination => destination.IsAvailable ? 0 : 1);
}
