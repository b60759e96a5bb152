namespace WsProxyLab.Bench;

/// <summary>Something the benchmark connects through: a proxy process (measured through <c>/proc</c>) or the direct connection (no process of its own).</summary>
internal sealed record BenchTarget(string Name, Uri BaseUri, int? ProcessId, string Description);
