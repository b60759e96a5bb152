namespace WsProxyLab.LoadTests.Compare.Faults;

/// <summary>What the link between the targets and the isolated replica does to its packets.</summary>
internal enum LinkCondition
{
    /// <summary>Every packet passes.</summary>
    Healthy,

    /// <summary>5 % of the packets in each direction are dropped (TCP retransmits them).</summary>
    Loss,

    /// <summary>Every packet is dropped: the replica is silent, no reset, no FIN.</summary>
    Blackhole,
}
