namespace WsProxyLab.Proxy.Relay;

/// <summary>How a tunnel ended and the close codes the proxy sent in place of a silent disconnect.</summary>
public sealed record TunnelResult(TunnelEndReason Reason, Exception? Error, int? CloseSentToClient, int? CloseSentToUpstream);
