using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Admin;

/// <summary>An open tunnel as <c>/admin/tunnels</c> lists it.</summary>
public sealed record OpenTunnel(long Id, string Route, string Destination, string Client, DateTimeOffset OpenedAt, TunnelTraffic Traffic);
