namespace WsProxyLab.Proxy.Balancing;

/// <summary>
/// The destination named by the proxy's affinity cookie first, while it exists; without one, round-robin. The forwarder
/// issues the cookie whenever the destination that served the request differs from the one the cookie named, so a
/// client whose destination stopped answering is re-pinned to the one that did.
/// </summary>
internal sealed class StickyCookieSelector(IReadOnlyList<Destination> destinations, string cookieName) : IDestinationSelector
{
    private readonly RoundRobinSelector _fallback = new(destinations);

    public string CookieName { get; } = cookieName;

    public IReadOnlyList<Destination> Order(HttpContext context)
    {
        var pinned = PinnedDestination(context);
        return pinned is null ? _fallback.Order(context) : Rotation.StartingWith(destinations, pinned);
    }

    public Destination? PinnedDestination(HttpContext context) =>
        context.Request.Cookies[CookieName] is { } id ? destinations.FirstOrDefault(destination => destination.Id == id) : null;
}
