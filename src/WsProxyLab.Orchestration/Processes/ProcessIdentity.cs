namespace WsProxyLab.Orchestration.Processes;

/// <summary>A process id with its start time (clock ticks since boot), so a reused pid is never mistaken for it.</summary>
internal readonly record struct ProcessIdentity(int ProcessId, long StartTicks);
