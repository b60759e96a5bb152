using System.Diagnostics;
using System.Globalization;
using WsProxyLab.Peers.Processes;

namespace WsProxyLab.AppHost.Tests;

/// <summary>A lab of its own on Aspire.Hosting.Testing, for what the shared one cannot show: what disposing it leaves.</summary>
public sealed class DisposeTests
{
    [Fact]
    public async Task DisposingTheApp_LeavesNoProcessAndNoContainer()
    {
        await LabPrerequisites.RequireAsync(docker: true);
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        startup.CancelAfter(TimeSpan.FromMinutes(3));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.WsProxyLab_AppHost>(["--replicas", "1"], startup.Token);
        var app = await builder.BuildAsync(startup.Token);
        var processes = new List<int>();
        var containers = new List<string>();
        try
        {
            await app.StartAsync(startup.Token);
            foreach (var name in new[] { "backend-0", "wsproxy", "yarp", "nginx", "haproxy" })
            {
                var ready = await app.ResourceNotifications.WaitForResourceHealthyAsync(name, startup.Token);
                var properties = ready.Snapshot.Properties;
                if (properties.FirstOrDefault(property => property.Name == "container.id")?.Value is string container)
                {
                    containers.Add(container);
                }
                else if (properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value is { } value)
                {
                    // A project runs under `dotnet run`: the app is its child.
                    var pid = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                    processes.Add(pid);
                    processes.AddRange(ProcessTree.Descendants(pid).Select(child => child.ProcessId));
                }
            }
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.Equal(2, containers.Count);
        Assert.True(processes.Count >= 6, $"expected the three projects and their apps, found {processes.Count} processes");
        var waited = Stopwatch.StartNew();
        while ((processes.Any(IsAlive) || (await RunningContainersAsync(containers)).Count > 0) && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(250, startup.Token);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"nothing left {waited.Elapsed.TotalSeconds:0.0} s after DisposeAsync returned");
        Assert.DoesNotContain(processes, IsAlive);
        Assert.Empty(await RunningContainersAsync(containers));
    }

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static async Task<IReadOnlyList<string>> RunningContainersAsync(IReadOnlyList<string> ids)
    {
        using var docker = Process.Start(new ProcessStartInfo("docker", ["ps", "-a", "-q", "--no-trunc"]) { RedirectStandardOutput = true })!;
        var present = await docker.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await docker.WaitForExitAsync(TestContext.Current.CancellationToken);
        return [.. ids.Where(id => present.Contains(id, StringComparison.Ordinal))];
    }
}
