using System.Globalization;
using WsProxyLab.Peers.Processes;

namespace WsProxyLab.Peers.Docker;

/// <summary>
/// Ryuk's job where Ryuk cannot run: every lab container is labelled with the process that started it (pid and start
/// time), and before starting new ones the lab removes those whose owner is gone (killed before it could stop them).
/// </summary>
public static class ContainerOwnership
{
    /// <summary>The label naming a container's owner as <c>PID:STARTTICKS</c>.</summary>
    public const string OwnerLabel = "wsproxylab.owner";

    /// <summary>This process, as the label names it.</summary>
    public static string CurrentOwner { get; } = Describe(ProcessTree.Identify(Environment.ProcessId)
        ?? throw new InvalidOperationException("This process is not in /proc."));

    /// <summary>The label value for <paramref name="owner"/>.</summary>
    public static string Describe(ProcessIdentity owner) =>
        string.Create(CultureInfo.InvariantCulture, $"{owner.ProcessId}:{owner.StartTicks}");

    /// <summary>Removes every lab container whose owner no longer runs; returns their ids.</summary>
    public static Task<IReadOnlyList<string>> RemoveOrphansAsync(DockerEngine engine, CancellationToken cancellationToken) =>
        RemoveOrphansAsync(engine, (_, owner) => !IsOwnerAlive(owner), cancellationToken);

    /// <summary>Removes every lab container that <paramref name="isOrphan"/> (given its id and owner) picks; returns their ids.</summary>
    internal static async Task<IReadOnlyList<string>> RemoveOrphansAsync(DockerEngine engine, Func<string, string, bool> isOrphan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var removed = new List<string>();
        foreach (var (id, owner) in await engine.ListContainersWithLabelAsync(OwnerLabel, cancellationToken).ConfigureAwait(false))
        {
            if (isOrphan(id, owner))
            {
                await engine.RemoveContainerAsync(id, cancellationToken).ConfigureAwait(false);
                removed.Add(id);
            }
        }

        return removed;
    }

    /// <summary>Whether the process a label value names still runs (a reused pid with another start time does not count).</summary>
    public static bool IsOwnerAlive(string owner)
    {
        var parts = owner.Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var processId)
            && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var startTicks)
            && ProcessTree.IsAlive(new ProcessIdentity(processId, startTicks));
    }
}
