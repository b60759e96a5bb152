namespace WsProxyLab.Peers.Profiles;

/// <summary>How a target spreads new connections over the upstream replicas.</summary>
public enum BalancingPolicy
{
    /// <summary>Each replica in turn.</summary>
    RoundRobin,

    /// <summary>The replica with the fewest open connections (for long-lived sockets, the right measure of load).</summary>
    LeastConnections,

    /// <summary>A hash of the client's address picks the replica (nginx's <c>ip_hash</c>, HAProxy's <c>balance source</c>).</summary>
    IpHash,

    /// <summary>A consistent hash of <see cref="ProxyProfile.HashKey"/> picks the replica.</summary>
    ConsistentHash,

    /// <summary>The target issues a cookie naming the replica and honours it on later requests.</summary>
    StickyCookie,
}
