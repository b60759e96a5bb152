using System.ComponentModel;
using WsProxyLab.Orchestration.Model;
using WsProxyLab.Orchestration.Processes;

namespace WsProxyLab.Orchestration.Running;

/// <summary>Starting, watching and stopping one replica.</summary>
public sealed partial class DistributedApplication
{
    private async Task StartInstanceAsync(ResourceInstance instance, CancellationToken cancellationToken)
    {
        var resource = instance.Resource;
        if (resource.WaitsFor.Count > 0)
        {
            instance.TransitionTo(ResourceState.Waiting, $"for {string.Join(", ", resource.WaitsFor.Select(r => r.Name))}");
            foreach (var dependency in resource.WaitsFor.SelectMany(r => _instances[r]))
            {
                if (!await dependency.Ready.WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    instance.TransitionTo(ResourceState.FailedToStart, $"{dependency.Name} it waits for is {dependency.State}");
                    return;
                }
            }
        }

        if (!instance.TransitionTo(ResourceState.Starting))
        {
            return;
        }

        ChildProcess process;
        try
        {
            var environment = ResourceEnvironment.Build(instance, r => _instances[r]);
            process = ChildProcess.Start(resource.Command, resource.Arguments, resource.WorkingDirectory, environment, _childrenLeadOwnSessions, (line, isError) =>
            {
                instance.AppendLog(line);
                _logSink?.Write(instance, line, isError);
            });
        }
        catch (Exception exception) when (exception is Win32Exception or IOException)
        {
            OrchestrationLog.FailedToLaunch(_logger, instance.Name, $"'{resource.Command}': {exception.Message}");
            instance.TransitionTo(ResourceState.FailedToStart, exception.Message);
            return;
        }

        lock (_processesLock)
        {
            _processes[instance] = process;
            instance.ProcessId = process.ProcessId;
            _monitors.Add(WatchExitAsync(instance, process));
        }

        if (resource.HealthCheckPath is null)
        {
            instance.TransitionTo(ResourceState.Running);
            return;
        }

        var healthUrl = new Uri(instance.Endpoints.Values.First(), resource.HealthCheckPath);
        if (await WaitUntilHealthyAsync(healthUrl, process, resource.StartupTimeout, cancellationToken).ConfigureAwait(false))
        {
            instance.TransitionTo(ResourceState.Running);
            lock (_processesLock)
            {
                _monitors.Add(MonitorHealthAsync(instance, healthUrl, process));
            }
        }
        else if (process.Exited.IsCompleted)
        {
            // The exit watcher reports it (FailedToStart, with the exit code and last lines); wait until it has.
            await instance.Ready.ConfigureAwait(false);
        }
        else if (!cancellationToken.IsCancellationRequested)
        {
            instance.TransitionTo(ResourceState.RuntimeUnhealthy, $"{healthUrl} did not answer 2xx within {resource.StartupTimeout.TotalSeconds:0} s");
        }
    }

    private async Task<bool> WaitUntilHealthyAsync(Uri healthUrl, ChildProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!process.Exited.IsCompleted)
            {
                if (await _probe.IsHealthyAsync(healthUrl, deadline.Token).ConfigureAwait(false))
                {
                    return true;
                }

                await Task.WhenAny(process.Exited, Task.Delay(HealthPollInterval, deadline.Token)).ConfigureAwait(false);
                deadline.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException)
        {
            // Timed out or stopping: the caller reports which.
        }

        return false;
    }

    private async Task MonitorHealthAsync(ResourceInstance instance, Uri healthUrl, ChildProcess process)
    {
        try
        {
            while (!process.Exited.IsCompleted)
            {
                await Task.Delay(HealthMonitorInterval, _stopping.Token).ConfigureAwait(false);
                var healthy = await _probe.IsHealthyAsync(healthUrl, _stopping.Token).ConfigureAwait(false);
                if (process.Exited.IsCompleted)
                {
                    return;
                }

                instance.TransitionTo(healthy ? ResourceState.Running : ResourceState.RuntimeUnhealthy, healthy ? null : $"{healthUrl} failed");
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Owns the end of a child: records how it ended, then disposes it.</summary>
    private async Task WatchExitAsync(ResourceInstance instance, ChildProcess process)
    {
        using var owned = process;
        var exitCode = await process.Exited.ConfigureAwait(false);
        await process.DrainOutputAsync().ConfigureAwait(false);
        lock (_processesLock)
        {
            _processes.Remove(instance);
        }

        instance.ExitCode = exitCode;
        instance.ProcessId = null;
        if (_stopping.IsCancellationRequested || instance.State == ResourceState.Stopping)
        {
            instance.TransitionTo(ResourceState.Finished, $"exit code {exitCode}");
            return;
        }

        var wasRunning = instance.State is ResourceState.Running or ResourceState.RuntimeUnhealthy;
        var outcome = wasRunning ? "exited unexpectedly" : "exited before it was healthy";
        var lastLines = instance.RecentLogs.TakeLast(10).ToList();
        OrchestrationLog.ProcessEnded(_logger, instance.Name, outcome, exitCode,
            lastLines.Count == 0 ? " (none)" : Environment.NewLine + string.Join(Environment.NewLine, lastLines.Select(line => "    " + line)));
        instance.TransitionTo(wasRunning ? ResourceState.Exited : ResourceState.FailedToStart, $"exit code {exitCode}");
    }

    private async Task StopInstanceAsync(ResourceInstance instance)
    {
        ChildProcess? process;
        lock (_processesLock)
        {
            _processes.Remove(instance, out process);
        }

        if (process is null)
        {
            if (!ResourceInstance.IsFinal(instance.State))
            {
                instance.TransitionTo(ResourceState.Finished, "never launched");
            }

            return;
        }

        instance.TransitionTo(ResourceState.Stopping);
        await process.StopAsync(instance.Resource.StopTimeout).ConfigureAwait(false);
    }

    /// <summary>Groups resources so each group is stopped before the resources it waits for or references.</summary>
    private IEnumerable<IReadOnlyList<Resource>> StopLayers()
    {
        var depth = new Dictionary<Resource, int>();
        int Depth(Resource resource) => depth.TryGetValue(resource, out var known)
            ? known
            : depth[resource] = 1 + resource.WaitsFor.Concat(resource.References).Select(Depth).DefaultIfEmpty(-1).Max();

        return _resources.GroupBy(Depth).OrderByDescending(group => group.Key).Select(group => (IReadOnlyList<Resource>)[.. group]);
    }

    private void LogStateChange(ResourceStateChange change) =>
        OrchestrationLog.StateChanged(_logger, change.Instance.Name, change.Previous, change.Current, change.Detail is null ? string.Empty : $" ({change.Detail})");
}
