namespace WsProxyLab.Proxy.Relay;

/// <summary>How one direction of a tunnel ended.</summary>
public enum PumpOutcome
{
    /// <summary>The source closed its side (end of stream).</summary>
    SourceClosed,

    /// <summary>Reading the source failed (reset, abort).</summary>
    SourceFailed,

    /// <summary>Writing to the destination failed.</summary>
    DestinationFailed,

    /// <summary>The source sent nothing for the read timeout.</summary>
    ReadTimeout,

    /// <summary>A write to the destination stalled for the send timeout (its reader stopped reading).</summary>
    SendTimeout,

    /// <summary>No bytes moved either way for the idle timeout.</summary>
    IdleTimeout,

    /// <summary>In <c>frames</c> mode, the source began a message over the size limit; nothing of it was delivered.</summary>
    MessageTooBig,

    /// <summary>The other direction ended first, or the proxy stopped.</summary>
    Canceled,
}
