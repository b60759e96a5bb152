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

    /// <summary>In <c>frames</c> mode, the source began a message over the size limit; nothing of it was delivered.</summary>
    MessageTooBig,

    /// <summary>The tunnel was stopped: the other direction ended first, a timeout expired, the client went or the proxy stopped it.</summary>
    Canceled,
}
