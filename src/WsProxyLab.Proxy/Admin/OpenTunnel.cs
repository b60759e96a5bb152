using WsProxyLab.Proxy.Relay;

namespace WsProxyLab.Proxy.Admin;

/// <summary>An open tunnel as <c>/admin/tunnels</c> lists it; disposing it takes it off the list.</summary>
public sealed class OpenTunnel : IDisposable
{
    /// <summary>The close reason of a drain.</summary>
    public const string ShuttingDownReason = "proxy shutting down";

    private readonly CancellationTokenSource _endRequest = new();
    private readonly Action<OpenTunnel> _onDisposed;

    internal OpenTunnel(long id, string route, string destination, string client, DateTimeOffset openedAt, TunnelTraffic traffic, Action<OpenTunnel> onDisposed)
    {
        Id = id;
        Route = route;
        Destination = destination;
        Client = client;
        OpenedAt = openedAt;
        Traffic = traffic;
        _onDisposed = onDisposed;
    }

    /// <summary>Process-unique tunnel number.</summary>
    public long Id { get; }

    /// <summary>The route it belongs to.</summary>
    public string Route { get; }

    /// <summary>The destination it goes to.</summary>
    public string Destination { get; }

    /// <summary>The client's address and port.</summary>
    public string Client { get; }

    /// <summary>When it opened.</summary>
    public DateTimeOffset OpenedAt { get; }

    /// <summary>The bytes it has carried.</summary>
    public TunnelTraffic Traffic { get; }

    /// <summary>Cancelled when the proxy wants the tunnel ended (drain): the relay then closes both sides with 1001.</summary>
    public CancellationToken EndRequested => _endRequest.Token;

    /// <summary>Why the proxy asked for the end: the reason of the 1001 both sides get.</summary>
    public string EndReason { get; private set; } = ShuttingDownReason;

    /// <summary>Asks the relay to end the tunnel with 1001 and <paramref name="reason"/>; does nothing once it has ended.</summary>
    public void RequestEnd(string reason = ShuttingDownReason)
    {
        EndReason = reason;
        try
        {
            _endRequest.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already ended.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _onDisposed(this);
        _endRequest.Dispose();
    }
}
