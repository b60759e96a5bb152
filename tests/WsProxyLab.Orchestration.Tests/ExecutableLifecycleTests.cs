using WsProxyLab.Orchestration.Processes;

namespace WsProxyLab.Orchestration.Tests;

public sealed class ExecutableLifecycleTests
{
    [Fact]
    public async Task Executable_ExitingBeforeHealthy_IsFailedToStartWithExitCodeAndLastLines()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var builder = TestApplications.CreateBuilder();
        builder.AddExecutable("failing", "/bin/sh", null, "-c", "echo boom >&2; exit 3").WithHttpEndpoint().WithHttpHealthCheck();
        await using var app = builder.Build();

        await app.StartAsync(cancellationToken);

        var failing = app.GetInstances("failing")[0];
        Assert.Equal(ResourceState.FailedToStart, failing.State);
        Assert.Equal(3, failing.ExitCode);
        Assert.Equal("exit code 3", failing.StateDetail);
        Assert.Contains("boom", failing.RecentLogs);
    }

    [Fact]
    public async Task Executable_ExitingWhileRunning_IsExitedWithItsExitCode()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var trigger = Path.Combine(Path.GetTempPath(), $"wsproxylab-exit-{Guid.NewGuid():N}");
        var builder = TestApplications.CreateBuilder();
        builder.AddExecutable("short", "/bin/sh", null, "-c", $"while [ ! -e '{trigger}' ]; do sleep 0.05; done; exit 7");
        await using var app = builder.Build();
        var instance = app.GetInstances("short")[0];
        var exited = instance.WaitForStateAsync(ResourceState.Exited, cancellationToken);

        await app.StartAsync(cancellationToken);
        Assert.Equal(ResourceState.Running, instance.State);
        await File.WriteAllTextAsync(trigger, "exit now", cancellationToken);
        await exited;

        Assert.Equal(7, instance.ExitCode);
        Assert.Equal("exit code 7", instance.StateDetail);
        File.Delete(trigger);
    }

    [Theory]
    [InlineData(false, "/nonexistent/program")]
    [InlineData(true, "/nonexistent/program")]
    [InlineData(true, "no-such-program-on-path")]
    public async Task MissingCommand_IsFailedToStartWithTheReason(bool ownSessions, string command)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var builder = TestApplications.CreateBuilder();
        builder.ChildrenLeadOwnSessions = ownSessions;
        builder.AddExecutable("ghost", command, null);
        await using var app = builder.Build();

        await app.StartAsync(cancellationToken);

        var ghost = app.GetInstances("ghost")[0];
        Assert.Equal(ResourceState.FailedToStart, ghost.State);
        Assert.Contains("No such file", ghost.StateDetail);
    }

    [Fact]
    public async Task Stop_LeavesNoDescendantProcess()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var builder = TestApplications.CreateBuilder();
        builder.AddExecutable("tree", "/bin/sh", null, "-c", "sleep 300 & sleep 300 & echo spawned; wait");
        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        var tree = app.GetInstances("tree")[0];
        await tree.WaitForLogLineAsync("spawned", cancellationToken);
        var descendants = ProcessTree.Descendants(tree.ProcessId!.Value);
        Assert.Equal(2, descendants.Count);

        await app.DisposeAsync();

        Assert.Equal(ResourceState.Finished, tree.State);
        Assert.DoesNotContain(descendants, ProcessTree.IsAlive);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WithOwnSessions_AChildLeadsASessionOfItsOwn_SoATerminalsCtrlCReachesOnlyItsOwner(bool ownSessions)
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var builder = TestApplications.CreateBuilder();
        builder.ChildrenLeadOwnSessions = ownSessions;
        // Found on PATH, as a command without a directory is; it ends by itself after two minutes should the test fail
        // before it is stopped (in a session of its own, nothing else would end it).
        builder.AddExecutable("shell", "sh", null, "-c", "echo ready; i=0; while [ $i -lt 120 ]; do sleep 1; i=$((i+1)); done");
        var app = builder.Build();
        ResourceInstance shell;
        try
        {
            await app.StartAsync(cancellationToken);
            shell = app.GetInstances("shell")[0];
            await shell.WaitForLogLineAsync("ready", cancellationToken);
            var processId = shell.ProcessId!.Value;

            // The id the orchestration holds is the shell's own (setsid ran it in place). In a session of its own, a
            // signal to this test host's process group, which is what a terminal sends on Ctrl+C, does not reach it;
            // by default it stays in its owner's group and session.
            Assert.Equal("sh", Path.GetFileName(File.ReadAllText($"/proc/{processId}/cmdline").Split('\0')[0]));
            Assert.Equal(ownSessions ? (processId, processId) : GroupAndSession(Environment.ProcessId), GroupAndSession(processId));
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.Equal(ResourceState.Finished, shell.State);
    }

    [Fact]
    public async Task Stop_ProcessIgnoringSigterm_IsKilledAfterTheStopTimeout()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var builder = TestApplications.CreateBuilder();
        builder.AddExecutable("stubborn", "/bin/sh", null, "-c", "trap '' TERM; echo trapped; while :; do sleep 1; done")
            .WithStopTimeout(TimeSpan.FromSeconds(1));
        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        var stubborn = app.GetInstances("stubborn")[0];
        await stubborn.WaitForLogLineAsync("trapped", cancellationToken);
        var processId = stubborn.ProcessId!.Value;

        await app.DisposeAsync();

        Assert.Equal(ResourceState.Finished, stubborn.State);
        Assert.Equal(128 + PosixSignal.Kill, stubborn.ExitCode);
        Assert.False(File.Exists($"/proc/{processId}/stat") && !File.ReadAllText($"/proc/{processId}/stat").Contains(") Z ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitFor_DependencyFails_DependentIsFailedToStartNamingIt()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var builder = TestApplications.CreateBuilder();
        var broken = builder.AddExecutable("broken", "/bin/sh", null, "-c", "exit 1").WithHttpEndpoint().WithHttpHealthCheck();
        builder.AddExecutable("dependent", "/bin/sh", null, "-c", "echo should-not-run").WaitFor(broken);
        await using var app = builder.Build();

        await app.StartAsync(cancellationToken);

        var dependent = app.GetInstances("dependent")[0];
        Assert.Equal(ResourceState.FailedToStart, dependent.State);
        Assert.Contains("broken", dependent.StateDetail);
        Assert.Empty(dependent.RecentLogs);
    }

    /// <summary>The process group and session of <paramref name="processId"/>: fields 5 and 6 of /proc/PID/stat.</summary>
    private static (int Group, int Session) GroupAndSession(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
    }
}
