namespace WsProxyLab.Proxy.Relay;

/// <summary>What one direction of a tunnel has delivered, readable while the tunnel is open (for <c>/admin/tunnels</c>).</summary>
public sealed class DirectionTraffic
{
    private long _bytes;
    private long _messages;

    /// <summary>The bytes delivered so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The complete messages delivered so far (counted in <c>frames</c> mode only).</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Adds delivered bytes.</summary>
    public void AddBytes(int bytes) => Interlocked.Add(ref _bytes, bytes);

    /// <summary>Counts a message whose final frame is being delivered.</summary>
    public void AddMessage() => Interlocked.Increment(ref _messages);
}
