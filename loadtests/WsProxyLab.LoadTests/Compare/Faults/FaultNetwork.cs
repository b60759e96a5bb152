using System.Diagnostics;
using System.Globalization;

namespace WsProxyLab.LoadTests.Compare.Faults;

/// <summary>
/// A network namespace of the lab's own, joined to the host by a veth pair, where one replica runs: the targets reach
/// it at <see cref="ReplicaAddress"/> and the link's faults (loss, blackhole) are iptables rules inside the namespace,
/// so nothing of the host's own traffic is touched. The kernel here has no <c>sch_netem</c> ("Specified qdisc kind is
/// unknown"), so a fixed delay cannot be made on the link; iptables' <c>statistic</c> match drops packets instead.
/// </summary>
internal sealed class FaultNetwork : IAsyncDisposable
{
    private const string HostAddress = "10.231.0.1";
    private const string Chain = "WSPROXYLAB_FAULT";

    private readonly string _hostLink;

    private FaultNetwork(string name)
    {
        Namespace = name;
        _hostLink = $"wsl{Environment.ProcessId % 100_000}h";
    }

    /// <summary>The namespace's name, for <c>ip netns exec</c>.</summary>
    public string Namespace { get; }

    /// <summary>Where the isolated replica listens, as the host sees it.</summary>
    public string ReplicaAddress { get; } = "10.231.0.2";

    public LinkCondition Condition { get; private set; } = LinkCondition.Healthy;

    /// <summary>Creates the namespace and its link; returns why not where the machine does not allow it (not root, no <c>ip</c>).</summary>
    public static async Task<(FaultNetwork? Network, string? WhyNot)> CreateAsync(CancellationToken cancellationToken)
    {
        var network = new FaultNetwork($"wsproxylab-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        var peerLink = network._hostLink[..^1] + "n";
        string[][] steps =
        [
            ["ip", "netns", "add", network.Namespace],
            ["ip", "link", "add", network._hostLink, "type", "veth", "peer", "name", peerLink],
            ["ip", "link", "set", peerLink, "netns", network.Namespace],
            ["ip", "addr", "add", $"{HostAddress}/30", "dev", network._hostLink],
            ["ip", "link", "set", network._hostLink, "up"],
            ["ip", "netns", "exec", network.Namespace, "ip", "addr", "add", $"{network.ReplicaAddress}/30", "dev", peerLink],
            ["ip", "netns", "exec", network.Namespace, "ip", "link", "set", peerLink, "up"],
            ["ip", "netns", "exec", network.Namespace, "ip", "link", "set", "lo", "up"],
            ["ip", "netns", "exec", network.Namespace, "iptables", "-N", Chain],
            ["ip", "netns", "exec", network.Namespace, "iptables", "-I", "INPUT", "-j", Chain],
            ["ip", "netns", "exec", network.Namespace, "iptables", "-I", "OUTPUT", "-j", Chain],
        ];
        foreach (var step in steps)
        {
            if (await RunAsync(step, cancellationToken).ConfigureAwait(false) is { } error)
            {
                await network.DisposeAsync().ConfigureAwait(false);
                return (null, $"the fault network could not be made ({string.Join(' ', step)}: {error}); it needs root and iproute2 and iptables");
            }
        }

        return (network, null);
    }

    /// <summary>Sets the link's condition (replacing the previous one) for all traffic to and from the replica.</summary>
    public async Task SetAsync(LinkCondition condition, CancellationToken cancellationToken)
    {
        string[][] steps = condition switch
        {
            LinkCondition.Healthy => [Rule("-F")],
            // The chain is entered from INPUT and OUTPUT: each direction loses its own 5 %. Nothing in the namespace but the
            // replica talks, so no rule needs to spare its loopback.
            LinkCondition.Loss => [Rule("-F"), Rule("-A", "-m", "statistic", "--mode", "random", "--probability", "0.05", "-j", "DROP")],
            LinkCondition.Blackhole => [Rule("-F"), Rule("-A", "-j", "DROP")],
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Unknown link condition."),
        };
        foreach (var step in steps)
        {
            if (await RunAsync(step, cancellationToken).ConfigureAwait(false) is { } error)
            {
                throw new InvalidOperationException($"{string.Join(' ', step)} failed: {error}");
            }
        }

        Condition = condition;
    }

    private string[] Rule(params string[] rule) => ["ip", "netns", "exec", Namespace, "iptables", rule[0], Chain, .. rule[1..]];

    private static async Task<string?> RunAsync(string[] command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 ? null : (await errors.ConfigureAwait(false)).Trim();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return exception.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting the namespace deletes its end of the veth pair, and with it the host's end.
        await RunAsync(["ip", "netns", "delete", Namespace], CancellationToken.None).ConfigureAwait(false);
        await RunAsync(["ip", "link", "delete", _hostLink], CancellationToken.None).ConfigureAwait(false);
    }
}
