using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>Counts tunnels globally and per client address, and refuses one that would pass a configured limit.</summary>
internal sealed class TunnelAdmission(IOptions<ProxyOptions> options)
{
    private readonly ConcurrentDictionary<IPAddress, int> _perClient = new();
    private int _total;

    /// <summary>Admits a tunnel until the returned handle is disposed, or returns null with the reason it is refused.</summary>
    public IDisposable? TryAdmit(IPAddress? client, out string? refusal)
    {
        var settings = options.Value;
        var total = Interlocked.Increment(ref _total);
        if (settings.MaxTunnels > 0 && total > settings.MaxTunnels)
        {
            Interlocked.Decrement(ref _total);
            refusal = $"proxy is at its limit of {settings.MaxTunnels} tunnels";
            return null;
        }

        client ??= IPAddress.None;
        var fromClient = _perClient.AddOrUpdate(client, 1, static (_, count) => count + 1);
        if (settings.MaxTunnelsPerClient > 0 && fromClient > settings.MaxTunnelsPerClient)
        {
            Release(client);
            refusal = $"client {client} is at its limit of {settings.MaxTunnelsPerClient} tunnels";
            return null;
        }

        refusal = null;
        return new Admission(this, client);
    }

    private void Release(IPAddress client)
    {
        Interlocked.Decrement(ref _total);
        // Remove the entry when it drops to zero, so the table holds only clients with open tunnels.
        while (_perClient.TryGetValue(client, out var count))
        {
            if (count <= 1 ? _perClient.TryRemove(new KeyValuePair<IPAddress, int>(client, count)) : _perClient.TryUpdate(client, count - 1, count))
            {
                return;
            }
        }
    }

    private sealed class Admission(TunnelAdmission owner, IPAddress client) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(client);
            }
        }
    }
}
