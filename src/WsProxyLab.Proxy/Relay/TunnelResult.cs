namespace WsProxyLab.Proxy.Relay;

/// <summary>How a tunnel ended and how many bytes it carried each way.</summary>
public sealed record TunnelResult(TunnelEndReason Reason, long ClientToUpstreamBytes, long UpstreamToClientBytes, Exception? Error);
