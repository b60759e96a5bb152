namespace WsProxyLab.LoadTests.Compare.Measurements;

/// <summary>How an echo measurement lays its messages over connections.</summary>
internal enum EchoShape
{
    /// <summary>Each message on the next of all held connections, as a fleet of mostly idle clients behaves.</summary>
    Spread,

    /// <summary>The same rate on a few extra connections beside the held, silent ones.</summary>
    Hot,

    /// <summary>Large messages on a few connections: throughput and CPU per megabyte.</summary>
    Large,

    /// <summary>A moderate rate on the sticky clients' number of connections, over ws:// or wss://.</summary>
    Small,
}
