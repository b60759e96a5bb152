using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WsProxyLab.ServiceDefaults;

/// <summary>
/// Stops the service when the orchestrator that started it is gone (killed, crashed), so no replica outlives its
/// AppHost. Active only when <c>WSPROXYLAB_PARENT_PID</c> is set, to a process id or to <c>parent</c> (whatever process
/// started this one: under Aspire that is <c>dotnet run</c>, which DCP may kill outright, orphaning the app); the service
/// then checks once a second that its parent process is still that one.
/// </summary>
internal sealed partial class ParentProcessWatcher(
    IConfiguration configuration, IHostApplicationLifetime lifetime, TimeProvider timeProvider, ILogger<ParentProcessWatcher> logger) : BackgroundService
{
    /// <summary>The variable the orchestrator sets to its own process id.</summary>
    public const string ParentPidVariable = "WSPROXYLAB_PARENT_PID";

    /// <summary>The value that means "the process that started me".</summary>
    public const string StartingParent = "parent";

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var configured = configuration[ParentPidVariable];
        int expectedParent;
        if (configured == StartingParent && ParentProcess.Id() is { } starter)
        {
            expectedParent = starter;
        }
        else if (!int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out expectedParent))
        {
            return;
        }

        using var timer = new PeriodicTimer(CheckInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var parent = ParentProcess.Id();
            if (parent is not null && parent != expectedParent)
            {
                OrchestratorGone(logger, expectedParent);
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "The orchestrator (pid {ParentPid}) that started this service is gone; stopping")]
    private static partial void OrchestratorGone(ILogger logger, int parentPid);
}
