using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WsProxyLab.AppHost.Tests;

/// <summary>The AppHost started as a user starts it, and its Aspire dashboard in Debian's Chromium.</summary>
public sealed partial class DashboardTests
{
    private static readonly string[] Resources = ["backend-0", "backend-1", "backend-2", "wsproxy", "yarp", "nginx", "haproxy"];

    [Fact]
    public async Task Dashboard_ListsEveryResourceRunning_DrainsAndRunsALoadFromThePage_AndShowsTheirMetrics_ThenSigtermLeavesNothing()
    {
        await LabPrerequisites.RequireAsync(docker: true, chromium: true);
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromMinutes(4));
        using var appHost = AppHostProcess.Start();
        var started = Stopwatch.StartNew();
        var login = LoginUrl().Match(await appHost.ReadUntilAsync("Login to the dashboard at", cancellationToken)).Value;
        var wsproxy = WsproxyLine().Match(await appHost.ReadUntilAsync("target wsproxy", cancellationToken)).Groups["url"].Value;
        await appHost.ReadUntilAllAsync(["target backend-0", "target yarp", "target nginx", "target haproxy"], cancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"every target healthy {started.Elapsed.TotalSeconds:0.0} s after the start");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        try
        {
            await DriveDashboardAsync(page, login, wsproxy, cancellationToken);
        }
        catch (PlaywrightException)
        {
            // What the page showed is the quickest way to see why.
            TestContext.Current.TestOutputHelper?.WriteLine($"page {page.Url}:{Environment.NewLine}{await page.InnerTextAsync("body")}");
            throw;
        }

        // The marker reaches the lab's processes (DCP, replicas, proxies): the emptiness asserted below means something.
        Assert.True(appHost.Leftovers().Count >= 8, string.Join("\n", appHost.Leftovers()));
        Assert.Equal(2, (await AppHostProcess.LabContainersAsync(cancellationToken)).Count);

        await appHost.SignalAsync("TERM", cancellationToken);

        await AssertNothingLeftWithin30SecondsAsync(appHost, "SIGTERM", cancellationToken);
    }

    /// <summary>
    /// <c>dotnet run</c> is what a user starts and kills; the AppHost is what DCP watches. SIGKILL either, and nothing
    /// of the lab may outlive it by 30 s.
    /// </summary>
    [Theory]
    [InlineData(KilledProcess.DotnetRun)]
    [InlineData(KilledProcess.AppHost)]
    public async Task AppHost_KilledWithSigkill_LeavesNoProcessOrContainerAfter30Seconds(KilledProcess killed)
    {
        await LabPrerequisites.RequireAsync(docker: true);
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromMinutes(3));
        using var appHost = AppHostProcess.Start();
        await appHost.ReadUntilAllAsync(["target wsproxy", "target nginx", "target haproxy"], cancellationToken);

        Assert.Equal(2, (await AppHostProcess.LabContainersAsync(cancellationToken)).Count);
        await appHost.KillAsync(killed, cancellationToken);

        await AssertNothingLeftWithin30SecondsAsync(appHost, $"SIGKILL of {killed}", cancellationToken);
    }

    [Fact]
    public async Task AppHost_WithoutADockerEngine_RunsNginxAndHaproxyAsHostProcesses_AndSaysWhy()
    {
        await LabPrerequisites.RequireAsync(docker: false);
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromMinutes(2));
        using var appHost = AppHostProcess.Start(new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" }, "--replicas", "1");

        var note = await appHost.ReadUntilAsync("note: nginx runs as", cancellationToken);
        await appHost.ReadUntilAllAsync(["target nginx", "target haproxy"], cancellationToken);

        Assert.Contains("a host process, not a container: no Docker engine: /nonexistent/docker.sock does not exist", note, StringComparison.Ordinal);
        Assert.Contains(appHost.Output, line => line.StartsWith("note: haproxy runs as a host process", StringComparison.Ordinal));
        Assert.Empty(await AppHostProcess.LabContainersAsync(cancellationToken));
        foreach (var peer in new[] { "nginx", "haproxy" })
        {
            var url = PeerLine().Match(appHost.Output.First(line => line.StartsWith($"target {peer}", StringComparison.Ordinal))).Groups["url"].Value;
            using var socket = await WebSocketTestClient.ConnectAsync(new Uri(url), cancellationToken);
            await socket.SendTextAsync($"via {peer} process", cancellationToken);
            Assert.Equal($"via {peer} process", await socket.ReceiveTextAsync(cancellationToken));
        }

        await appHost.SignalAsync("TERM", cancellationToken);
        await AssertNothingLeftWithin30SecondsAsync(appHost, "SIGTERM", cancellationToken);
    }

    [Fact]
    public async Task AppHost_KilledWithSigkill_WithoutADockerEngine_TakesItsNginxAndHaproxyProcessesWithIt()
    {
        await LabPrerequisites.RequireAsync(docker: false);
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromMinutes(2));
        using var appHost = AppHostProcess.Start(new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" }, "--replicas", "1");
        await appHost.ReadUntilAllAsync(["target nginx", "target haproxy"], cancellationToken);
        Assert.Contains(appHost.Leftovers(), line => line.Contains("/usr/sbin/nginx", StringComparison.Ordinal));
        Assert.Contains(appHost.Leftovers(), line => line.Contains("/usr/sbin/haproxy", StringComparison.Ordinal));

        await appHost.KillAsync(KilledProcess.DotnetRun, cancellationToken);

        await AssertNothingLeftWithin30SecondsAsync(appHost, "SIGKILL of dotnet run", cancellationToken);
    }

    [Fact]
    public async Task AppHost_BadReplicaCount_StopsBeforeAnythingStarts_NamingTheValueAndRange()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        using var appHost = AppHostProcess.Start("--replicas", "0");

        var line = await appHost.ReadUntilAsync("--replicas", cancellationToken);

        Assert.Equal("error: --replicas is '0'; choose a whole number from 1 to 16.", line);
        Assert.Equal(2, await appHost.WaitForExitAsync(cancellationToken));
    }

    /// <summary>In the dashboard: every resource Running, a load run started and Drain clicked on the page, then the metrics of both.</summary>
    private static async Task DriveDashboardAsync(IPage page, string login, string wsproxy, CancellationToken cancellationToken)
    {
        await page.GotoAsync(login);
        foreach (var resource in Resources)
        {
            await Assertions.Expect(Row(page, resource).Filter(new LocatorFilterOptions { HasText = "Running" }))
                .ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        }

        // A load run started from its row: 20 s of echo-latency through YARP, its live figures exported while it runs.
        var loadStarted = DateTime.UtcNow;
        await Row(page, "load-yarp").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Start" }).ClickAsync();

        using var client = await WebSocketTestClient.ConnectAsync(new Uri(wsproxy), cancellationToken);
        await Row(page, "wsproxy").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Actions" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new PageGetByRoleOptions { Name = "Drain" }).ClickAsync();
        var (status, _) = await client.ReceiveCloseAsync(cancellationToken);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);

        await ExpectInstrumentAsync(page, new Uri(new Uri(login), "/metrics/resource/wsproxy"), "wsproxylab.proxy.tunnels.active", TimeSpan.FromSeconds(30));
        // The Metrics page knows a resource once its first export has arrived: open it again until the runner's appear.
        await ExpectInstrumentAsync(page, new Uri(new Uri(login), "/metrics/resource/load-yarp"), "wsproxylab.load.connections.held", TimeSpan.FromSeconds(60));
        await page.GotoAsync(login);
        await Assertions.Expect(Row(page, "load-yarp").Filter(new LocatorFilterOptions { HasText = "Finished" }))
            .ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 90_000 });
        var report = Directory.GetFiles(Path.Combine(AppHostProcess.RepositoryRoot, "AppHost", "bin"), "report.json", SearchOption.AllDirectories)
            .Where(path => path.Contains(Path.Combine("lab", "reports", "yarp"), StringComparison.Ordinal));
        Assert.Contains(report, path => File.GetLastWriteTimeUtc(path) > loadStarted);
    }

    private static async Task AssertNothingLeftWithin30SecondsAsync(AppHostProcess appHost, string after, CancellationToken cancellationToken)
    {
        var waited = await appHost.WaitUntilNothingLeftAsync(TimeSpan.FromSeconds(30), cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"nothing left {waited.TotalSeconds:0.0} s after {after}");
        Assert.Empty(appHost.Leftovers());
        Assert.Empty(await AppHostProcess.LabContainersAsync(cancellationToken));
    }

    private static async Task ExpectInstrumentAsync(IPage page, Uri metrics, string instrument, TimeSpan within)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await page.GotoAsync(metrics.ToString());
            try
            {
                await Assertions.Expect(page.GetByText(instrument).First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (waited.Elapsed < within)
            {
                // Not exported yet: open the page again.
            }
        }
    }

    /// <summary>The Resources grid's row whose name cell is exactly <paramref name="resource"/>.</summary>
    private static ILocator Row(IPage page, string resource) =>
        page.Locator("tr.resource-row").Filter(new LocatorFilterOptions { Has = page.Locator("span.resource-name-text").GetByText(resource, new LocatorGetByTextOptions { Exact = true }) });

    [GeneratedRegex(@"http://localhost:\d+/login\?t=\w+")]
    private static partial Regex LoginUrl();

    [GeneratedRegex(@"target wsproxy\s+(?<url>ws://\S+)")]
    private static partial Regex WsproxyLine();

    [GeneratedRegex(@"target \S+\s+(?<url>ws://\S+)")]
    private static partial Regex PeerLine();
}
