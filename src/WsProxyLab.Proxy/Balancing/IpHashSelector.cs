using System.Net;
using System.Net.Sockets;

namespace WsProxyLab.Proxy.Balancing;

/// <summary>
/// nginx's <c>ip_hash</c>: the key is the first three octets of an IPv4 client address (its /24) or the whole IPv6
/// address, so a client keeps its destination across reconnects; failover continues around the list.
/// </summary>
internal sealed class IpHashSelector(IReadOnlyList<Destination> destinations) : IDestinationSelector
{
    public IReadOnlyList<Destination> Order(HttpContext context) =>
        Rotation.From(destinations, (int)(StableHash.Of(Key(context.Connection.RemoteIpAddress)) % (ulong)destinations.Count));

    internal static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return string.Empty;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return $"{bytes[0]}.{bytes[1]}.{bytes[2]}";
        }

        return address.ToString();
    }
}
