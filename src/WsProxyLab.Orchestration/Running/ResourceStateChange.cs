using WsProxyLab.Orchestration.Model;

namespace WsProxyLab.Orchestration.Running;

/// <summary>A transition of one replica's state, with a human-readable detail (exit code, failure reason).</summary>
public sealed record ResourceStateChange(ResourceInstance Instance, ResourceState Previous, ResourceState Current, string? Detail);
