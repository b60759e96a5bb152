using System.Globalization;

namespace WsProxyLab.ServiceDefaults;

/// <summary>This process's parent, read from <c>/proc/self/stat</c> (Linux); also compiled into the AppHost.</summary>
internal static class ParentProcess
{
    /// <summary>The parent's process id, or null where it cannot be read.</summary>
    public static int? Id()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // stat is "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ')'.
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
    }
}
