namespace WsProxyLab.ServiceDefaults;

/// <summary>Names shared by the meters and activity sources of WsProxyLab's services.</summary>
public static class TelemetryNames
{
    /// <summary>The prefix of every meter and activity source the lab defines (<c>WsProxyLab.Backends</c>, <c>WsProxyLab.Proxy</c>, ...).</summary>
    public const string Prefix = "WsProxyLab";

    /// <summary>The wildcard that subscribes to all of them.</summary>
    public const string Wildcard = Prefix + ".*";
}
