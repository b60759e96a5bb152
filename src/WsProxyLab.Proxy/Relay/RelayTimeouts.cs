namespace WsProxyLab.Proxy.Relay;

/// <summary>The relay's timeouts: upstream silence, a stalled write either way, and (when positive) no bytes either way.</summary>
internal sealed record RelayTimeouts(TimeSpan Read, TimeSpan Send, TimeSpan Idle);
