namespace WsProxyLab.Proxy.Relay;

/// <summary>Bytes delivered in one direction of a tunnel, readable while the tunnel is open (for <c>/admin/tunnels</c>).</summary>
public sealed class ByteCounter
{
    private long _value;

    /// <summary>The bytes delivered so far.</summary>
    public long Value => Interlocked.Read(ref _value);

    /// <summary>Adds delivered bytes.</summary>
    public void Add(int bytes) => Interlocked.Add(ref _value, bytes);
}
