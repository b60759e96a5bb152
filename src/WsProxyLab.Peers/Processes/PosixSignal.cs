using System.Runtime.InteropServices;

namespace WsProxyLab.Peers.Processes;

/// <summary>Sends POSIX signals; .NET's Process offers only SIGKILL, while a graceful stop needs SIGTERM.</summary>
internal static partial class PosixSignal
{
    public const int Terminate = 15;
    public const int Kill = 9;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; false when the process no longer exists.</summary>
    public static bool Send(int processId, int signal) => NativeKill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int sig);
}
