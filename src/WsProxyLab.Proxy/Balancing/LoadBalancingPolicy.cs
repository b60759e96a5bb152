namespace WsProxyLab.Proxy.Balancing;

/// <summary>The load-balancing policies a route can use.</summary>
public enum LoadBalancingPolicy
{
    /// <summary>Each destination in turn (nginx's default).</summary>
    RoundRobin,

    /// <summary>The destination with the fewest open tunnels (nginx <c>least_conn</c>, HAProxy <c>leastconn</c>).</summary>
    LeastTunnels,

    /// <summary>The less loaded of two destinations picked at random.</summary>
    PowerOfTwoChoices,

    /// <summary>A hash of the client address: the first three octets of IPv4, the whole IPv6 address (nginx <c>ip_hash</c>).</summary>
    IpHash,

    /// <summary>A hash ring over a header, cookie or query value (nginx <c>hash … consistent</c>).</summary>
    ConsistentHash,

    /// <summary>A cookie issued by the proxy names the destination; honoured while that destination answers, re-pinned when it does not.</summary>
    StickyCookie,
}
