namespace WsProxyLab.Bench.Engine;

/// <summary>What one hold run of the engine gave: connections opened and dropped, and the generator's working set while holding them.</summary>
internal sealed record HoldFigures(int Asked, long Held, long Dropped, long WorkingSetBytes);

/// <summary>
/// What one echo run gave, from the engine or the independent client: round-trip p50 from the intended send time
/// (the engine only; null for the independent client) and from the actual send, p99, and the client's CPU per message.
/// </summary>
internal sealed record EchoFigures(string Client, long Messages, long Failures, double? CorrectedP50Microseconds, double RawP50Microseconds, double P99Microseconds, double CpuMicrosecondsPerMessage);
