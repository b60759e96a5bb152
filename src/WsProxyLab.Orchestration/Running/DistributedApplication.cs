using Microsoft.Extensions.Logging;
using WsProxyLab.Orchestration.Model;
using WsProxyLab.Orchestration.Processes;

namespace WsProxyLab.Orchestration.Running;

/// <summary>
/// Runs a declared model: allocates endpoints, starts every replica once what it waits for is running, probes health,
/// streams logs, reports exits, and stops everything (dependents first) leaving no orphan process.
/// </summary>
public sealed partial class DistributedApplication : IAsyncDisposable
{
    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan HealthMonitorInterval = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<Resource> _resources;
    private readonly Dictionary<Resource, IReadOnlyList<ResourceInstance>> _instances;
    private readonly Dictionary<ResourceInstance, ChildProcess> _processes = [];
    private readonly Lock _processesLock = new();
    private readonly IResourceLogSink? _logSink;
    private readonly bool _childrenLeadOwnSessions;
    private readonly ILogger _logger;
    private readonly HttpClient _httpClient = new();
    private readonly HealthProbe _probe;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _monitors = [];

    internal DistributedApplication(IReadOnlyList<Resource> resources, IResourceLogSink? logSink, ILoggerFactory loggerFactory, bool childrenLeadOwnSessions)
    {
        _resources = resources;
        _logSink = logSink;
        _childrenLeadOwnSessions = childrenLeadOwnSessions;
        _logger = loggerFactory.CreateLogger<DistributedApplication>();
        _probe = new HealthProbe(_httpClient);
        _instances = resources.ToDictionary(
            resource => resource,
            resource => (IReadOnlyList<ResourceInstance>)[.. Enumerable.Range(0, resource.Replicas).Select(index => new ResourceInstance(
                resource,
                index,
                resource.Endpoints.ToDictionary(
                    endpoint => endpoint.Name,
                    endpoint => new Uri($"{endpoint.Scheme}://127.0.0.1:{PortAllocator.GetFreePort()}"))))]);

        foreach (var instance in Instances)
        {
            instance.StateChanged += LogStateChange;
        }
    }

    /// <summary>Every replica of every resource, in declaration order.</summary>
    public IReadOnlyList<ResourceInstance> Instances => [.. _resources.SelectMany(resource => _instances[resource])];

    /// <summary>The replicas of the resource named <paramref name="resourceName"/>.</summary>
    public IReadOnlyList<ResourceInstance> GetInstances(string resourceName) =>
        _instances.FirstOrDefault(pair => pair.Key.Name == resourceName).Value
        ?? throw new KeyNotFoundException($"No resource named '{resourceName}'. Resources: {string.Join(", ", _resources.Select(r => r.Name))}.");

    /// <summary>Starts every replica and returns when each is running or has failed; a failure does not stop the others.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await Task.WhenAll(Instances.Select(instance => StartInstanceAsync(instance, linked.Token))).ConfigureAwait(false);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (Ctrl+C), then stops everything.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: fall through to the orderly stop.
        }
        finally
        {
            await StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops every replica, dependents before what they wait for; each gets SIGTERM, then is killed after its stop timeout.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var layer in StopLayers())
        {
            await Task.WhenAll(layer.SelectMany(resource => _instances[resource]).Select(StopInstanceAsync)).ConfigureAwait(false);
        }

        Task[] monitors;
        lock (_processesLock)
        {
            monitors = [.. _monitors];
        }

        await Task.WhenAll(monitors).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _httpClient.Dispose();
        _stopping.Dispose();
    }
}
