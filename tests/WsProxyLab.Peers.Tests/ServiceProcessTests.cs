using System.Globalization;
using System.Net.WebSockets;
using WsProxyLab.Peers.Processes;

namespace WsProxyLab.Peers.Tests;

public sealed class ServiceProcessTests
{
    private static readonly Dictionary<string, string> NoVariables = [];

    [Fact]
    public async Task Executable_ExitingBeforeHealthy_SaysSoWithItsExitCode_AndKeepsItsLastLines()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var process = ServiceProcess.StartExecutable("quitter", "/bin/sh", ["-c", "echo 'bind failed: address in use'; exit 3"], "/", NoVariables);

        var whyNot = await process.WaitHealthyAsync(new Uri($"http://127.0.0.1:{PortAllocator.GetFreePort()}/health"), TimeSpan.FromSeconds(10), cancellationToken);

        Assert.Equal("quitter exited with code 3 before it was healthy", whyNot);
        Assert.Contains("bind failed: address in use", process.RecentLogs);
    }

    [Fact]
    public async Task Executable_NeverHealthy_TimesOutNamingTheUrl()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var process = ServiceProcess.StartExecutable("sleeper", "/bin/sh", ["-c", "sleep 30"], "/", NoVariables);
        var health = new Uri($"http://127.0.0.1:{PortAllocator.GetFreePort()}/health");

        var whyNot = await process.WaitHealthyAsync(health, TimeSpan.FromSeconds(1), cancellationToken);

        Assert.Equal($"sleeper was not healthy at {health} within 1 s", whyNot);
    }

    [Fact]
    public async Task Stop_LeavesNoDescendantProcess()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var process = ServiceProcess.StartExecutable("tree", "/bin/sh", ["-c", "sleep 300 & sleep 300 & echo spawned; wait"], "/", NoVariables);
        await WaitForLineAsync(process, "spawned", cancellationToken);
        var descendants = ProcessTree.Descendants(process.ProcessId);
        Assert.Equal(2, descendants.Count);

        await process.DisposeAsync();

        Assert.DoesNotContain(descendants, ProcessTree.IsAlive);
    }

    [Fact]
    public async Task Stop_ProcessIgnoringSigterm_IsKilledAfterTheTimeout()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var process = ServiceProcess.StartExecutable("stubborn", "/bin/sh", ["-c", "trap '' TERM; echo trapped; while :; do sleep 1; done"], "/", NoVariables);
        await WaitForLineAsync(process, "trapped", cancellationToken);
        var identity = ProcessTree.Identify(process.ProcessId)!.Value;

        await process.StopAsync(TimeSpan.FromSeconds(1));

        Assert.False(ProcessTree.IsAlive(identity));
    }

    [Fact]
    public async Task Backend_StoppedWithSigterm_ClosesItsClientsWith1001()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        var port = PortAllocator.GetFreePort();
        var process = ServiceProcess.StartProject("backend", "WsProxyLab.Backends", typeof(ServiceProcessTests).Assembly,
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = Url(port) });
        Assert.Null(await process.WaitHealthyAsync(new Uri($"{Url(port)}/health"), TimeSpan.FromSeconds(30), cancellationToken));
        using var socket = await WebSocketTestClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws/echo"), cancellationToken);
        Assert.Equal("backend", socket.ResponseHeader("X-Backend-Instance"));
        var close = socket.ReceiveCloseAsync(cancellationToken);

        await process.DisposeAsync();

        var (status, reason) = await close;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        Assert.Equal("server shutting down", reason);
    }

    [Fact]
    public async Task Backend_WhoseOwnerIsGone_StopsItself()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        // A parent pid that is not the real parent: the service must conclude its owner died.
        await using var process = ServiceProcess.StartProject("backend", "WsProxyLab.Backends", typeof(ServiceProcessTests).Assembly,
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = Url(PortAllocator.GetFreePort()), ["WSPROXYLAB_PARENT_PID"] = "1" });

        await WaitForLineAsync(process, "orchestrator (pid 1) that started this service is gone", cancellationToken);

        Assert.Equal("backend exited with code 0 before it was healthy",
            await process.WaitHealthyAsync(new Uri($"{Url(PortAllocator.GetFreePort())}/health"), TimeSpan.FromSeconds(20), cancellationToken));
    }

    [Fact]
    public async Task Backend_ToldToWatchWhateverStartedIt_StopsWhenThatIsKilled()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        var port = PortAllocator.GetFreePort();
        var (command, arguments) = ServiceProjectCatalog.GetLaunchCommand("WsProxyLab.Backends", typeof(ServiceProcessTests).Assembly);
        var launch = string.Join(' ', arguments.Prepend(command).Select(word => $"'{word}'"));
        // A shell stands in for `dotnet run`: it starts the backend as its child and is then killed outright.
        var starter = ServiceProcess.StartExecutable("starter", "/bin/sh", ["-c", $"{launch} & echo started $!; wait"], "/",
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = Url(port), ["WSPROXYLAB_PARENT_PID"] = "parent" });
        await WaitForLineAsync(starter, "started", cancellationToken);
        var backendPid = int.Parse(starter.RecentLogs.First(line => line.StartsWith("started ", StringComparison.Ordinal))["started ".Length..], CultureInfo.InvariantCulture);
        var backend = ProcessTree.Identify(backendPid)!.Value;
        using (var health = new HttpClient())
        {
            while (!(await TryGetAsync(health, new Uri($"{Url(port)}/health"), cancellationToken)))
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        PosixSignal.Send(starter.ProcessId, PosixSignal.Kill);

        while (ProcessTree.IsAlive(backend))
        {
            await Task.Delay(100, cancellationToken);
        }

        await starter.DisposeAsync();
    }

    private static async Task<bool> TryGetAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");

    private static async Task WaitForLineAsync(ServiceProcess process, string fragment, CancellationToken cancellationToken)
    {
        while (!process.RecentLogs.Any(line => line.Contains(fragment, StringComparison.Ordinal)))
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
