using System.Globalization;

namespace WsProxyLab.AppHost.Tests;

/// <summary>One reading of <c>/proc</c>: each process's id, session, state, command line and environment.</summary>
internal sealed record ProcSnapshot(int Pid, int Session, bool IsZombie, string CommandLine, string Environment)
{
    public static IReadOnlyList<ProcSnapshot> Read()
    {
        var processes = new List<ProcSnapshot>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // stat is "pid (comm) state ppid pgrp session …"; comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                processes.Add(new ProcSnapshot(
                    pid,
                    int.Parse(fields[3], CultureInfo.InvariantCulture),
                    fields[0] == "Z",
                    File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').TrimEnd(),
                    File.ReadAllText(Path.Combine(directory, "environ"))));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended while it was read.
            }
        }

        return processes;
    }
}
