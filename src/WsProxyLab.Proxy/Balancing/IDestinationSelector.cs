namespace WsProxyLab.Proxy.Balancing;

/// <summary>Orders a route's destinations for one request: the first is the choice, the rest are the failover order.</summary>
internal interface IDestinationSelector
{
    IReadOnlyList<Destination> Order(HttpContext context);
}
