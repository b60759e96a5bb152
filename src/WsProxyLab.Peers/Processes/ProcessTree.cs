using System.Globalization;

namespace WsProxyLab.Peers.Processes;

/// <summary>Reads the process tree from <c>/proc</c>, to stop a child's descendants too and leave no orphan.</summary>
public static class ProcessTree
{
    /// <summary>All descendants of <paramref name="rootProcessId"/> right now (Linux only; empty elsewhere).</summary>
    public static IReadOnlyList<ProcessIdentity> Descendants(int rootProcessId)
    {
        var children = new Dictionary<int, List<ProcessIdentity>>();
        foreach (var (identity, parent) in ReadAll())
        {
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(identity);
        }

        var result = new List<ProcessIdentity>();
        var pending = new Stack<int>([rootProcessId]);
        while (pending.TryPop(out var current))
        {
            if (children.TryGetValue(current, out var list))
            {
                foreach (var child in list)
                {
                    result.Add(child);
                    pending.Push(child.ProcessId);
                }
            }
        }

        return result;
    }

    /// <summary>The identity (pid and start time) of a running process, or null when there is none with that pid.</summary>
    public static ProcessIdentity? Identify(int processId) => TryRead(processId, out var identity, out _, out _) ? identity : null;

    /// <summary>Whether the very process (same pid and start time) still exists and is not a zombie.</summary>
    public static bool IsAlive(ProcessIdentity identity) =>
        TryRead(identity.ProcessId, out var current, out _, out var state) && current.StartTicks == identity.StartTicks && state != 'Z';

    private static IEnumerable<(ProcessIdentity Identity, int Parent)> ReadAll()
    {
        if (!Directory.Exists("/proc"))
        {
            yield break;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryRead(pid, out var identity, out var parent, out _))
            {
                yield return (identity, parent);
            }
        }
    }

    private static bool TryRead(int pid, out ProcessIdentity identity, out int parent, out char state)
    {
        identity = default;
        parent = 0;
        state = '?';
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 20)
        {
            return false;
        }

        state = fields[0][0];
        parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        identity = new ProcessIdentity(pid, long.Parse(fields[19], CultureInfo.InvariantCulture));
        return true;
    }
}
