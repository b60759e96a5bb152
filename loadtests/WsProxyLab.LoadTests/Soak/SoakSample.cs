namespace WsProxyLab.LoadTests.Soak;

/// <summary>One target at one minute of the soak: memory, open files, the proxy's own tunnel count and GC pause total.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Minute">Minutes since the held connections were opened.</param>
/// <param name="RssMiB">Resident memory of the target (its workers included).</param>
/// <param name="OpenFiles">Open file descriptors of the target (its workers included).</param>
/// <param name="Tunnels">What <c>/admin/tunnels</c> lists (wsproxy only).</param>
/// <param name="GcPauseSeconds">The process's total GC pause time so far (.NET targets only, from <c>/metrics</c>).</param>
internal sealed record SoakSample(string Target, double Minute, double RssMiB, int OpenFiles, int? Tunnels, double? GcPauseSeconds);
