using System.ComponentModel;

namespace WsProxyLab.Orchestration.Processes;

/// <summary>
/// Starts a child as the leader of a session of its own (util-linux <c>setsid</c>, which execs in place, so the process
/// id stays the child's). A terminal's Ctrl+C goes to its whole foreground process group: children in the owner's group
/// get SIGINT at the same moment as the owner and end behind its back, all at once, instead of being stopped in order
/// (dependents first) by the owner.
/// </summary>
internal static class OwnSession
{
    private const int NoSuchFile = 2;

    private static readonly string? Setsid = OperatingSystem.IsLinux() ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists) : null;

    /// <summary>
    /// The command line that runs <paramref name="command"/> in a session of its own; the command itself where
    /// <c>setsid</c> is not available. A command that does not exist fails here, as <see cref="System.Diagnostics.Process.Start()"/>
    /// would, rather than as a <c>setsid</c> that exits 127.
    /// </summary>
    public static (string Command, IReadOnlyList<string> Arguments) Wrap(string command, IEnumerable<string> arguments)
    {
        if (Setsid is null)
        {
            return (command, [.. arguments]);
        }

        return (Setsid, [Resolve(command), .. arguments]);
    }

    /// <summary>
    /// The executable's full path, found where <see cref="System.Diagnostics.Process"/> looks: as given when rooted, else
    /// beside this program, under the current directory, then on PATH.
    /// </summary>
    private static string Resolve(string command)
    {
        IEnumerable<string> candidates = Path.IsPathRooted(command)
            ? [command]
            :
            [
                .. Environment.ProcessPath is { } self ? [Path.Combine(Path.GetDirectoryName(self)!, command)] : Array.Empty<string>(),
                Path.Combine(Directory.GetCurrentDirectory(), command),
                .. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Select(directory => Path.Combine(directory, command)),
            ];
        return candidates.FirstOrDefault(File.Exists) ?? throw new Win32Exception(NoSuchFile);
    }
}
