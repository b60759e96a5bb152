namespace WsProxyLab.Proxy.Relay;

/// <summary>How a tunnel ended, how many bytes it carried each way, and the close codes the proxy sent in place of a silent disconnect.</summary>
public sealed record TunnelResult(
    TunnelEndReason Reason, long ClientToUpstreamBytes, long UpstreamToClientBytes, Exception? Error, int? CloseSentToClient, int? CloseSentToUpstream);
