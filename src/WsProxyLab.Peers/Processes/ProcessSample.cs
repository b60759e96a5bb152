using System.Globalization;

namespace WsProxyLab.Peers.Processes;

/// <summary>A process tree's resident memory and CPU time at one moment, read from <c>/proc</c> (a target's workers included).</summary>
public readonly record struct ProcessSample(long RssBytes, TimeSpan CpuTime)
{
    // USER_HZ, the unit of utime and stime in /proc/PID/stat, is 100 on every Linux architecture .NET runs on.
    private const double ClockTicksPerSecond = 100;

    /// <summary>Sums RSS and CPU time over <paramref name="rootProcessId"/> and every process below it.</summary>
    public static ProcessSample Read(int rootProcessId)
    {
        long rss = 0;
        double ticks = 0;
        foreach (var processId in ProcessTree.Descendants(rootProcessId).Select(identity => identity.ProcessId).Prepend(rootProcessId))
        {
            try
            {
                rss += ReadRssBytes(processId);
                ticks += ReadCpuTicks(processId);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A worker that exited between listing and reading contributes nothing.
            }
        }

        return new ProcessSample(rss, TimeSpan.FromSeconds(ticks / ClockTicksPerSecond));
    }

    private static long ReadRssBytes(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static double ReadCpuTicks(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // Fields after the command name (which may contain spaces) start at field 3; utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
