namespace WsProxyLab.Peers.Processes;

/// <summary>A process id with its start time (clock ticks since boot), so a reused pid is never mistaken for it.</summary>
/// <param name="ProcessId">The pid.</param>
/// <param name="StartTicks">The start time, field 22 of <c>/proc/PID/stat</c>.</param>
public readonly record struct ProcessIdentity(int ProcessId, long StartTicks);
