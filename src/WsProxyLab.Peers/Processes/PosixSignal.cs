using System.Runtime.InteropServices;

namespace WsProxyLab.Peers.Processes;

/// <summary>Sends POSIX signals; .NET's Process offers only SIGKILL, while a graceful stop needs SIGTERM and a reload SIGHUP or SIGUSR2.</summary>
public static partial class PosixSignal
{
    /// <summary>SIGHUP: nginx reloads its configuration.</summary>
    public const int Hangup = 1;

    /// <summary>SIGKILL: ends a process at once, without a chance to close anything.</summary>
    public const int Kill = 9;

    /// <summary>SIGUSR2: HAProxy's master (-W) reloads.</summary>
    public const int User2 = 12;

    /// <summary>SIGTERM: a graceful stop.</summary>
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; false when the process no longer exists.</summary>
    public static bool Send(int processId, int signal) => NativeKill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int sig);
}
