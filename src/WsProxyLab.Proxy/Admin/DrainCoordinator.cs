using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Configuration;
using WsProxyLab.Proxy.Diagnostics;

namespace WsProxyLab.Proxy.Admin;

/// <summary>
/// Drains the proxy on SIGTERM or <c>POST /admin/drain</c>: new requests get 503, <c>/health</c> turns unhealthy,
/// open tunnels are ended with 1001 one after another across <see cref="ProxyOptions.DrainWindow"/>, and whatever is
/// still open after <see cref="ProxyOptions.DrainTimeout"/> is ended at once.
/// </summary>
internal sealed class DrainCoordinator(
    TunnelRegistry registry, IOptions<ProxyOptions> options, TimeProvider timeProvider, ILogger<DrainCoordinator> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan EmptyPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Lock _lock = new();
    private Task? _drain;

    /// <summary>Whether a drain has started.</summary>
    public bool IsDraining => Volatile.Read(ref _drain) is not null;

    /// <summary>Starts the drain, or returns the one under way.</summary>
    public Task DrainAsync()
    {
        lock (_lock)
        {
            return _drain ??= RunAsync();
        }
    }

    private async Task RunAsync()
    {
        var settings = options.Value;
        registry.EndNewTunnels(OpenTunnel.ShuttingDownReason);
        var tunnels = registry.Snapshot();
        ProxyLog.Draining(logger, tunnels.Count, settings.DrainWindow, settings.DrainTimeout);
        var started = timeProvider.GetTimestamp();
        var ending = tunnels.Select((tunnel, index) => EndAfterAsync(tunnel, settings.DrainWindow * index / Math.Max(1, tunnels.Count))).ToList();

        while (registry.Count > 0 && timeProvider.GetElapsedTime(started) < settings.DrainTimeout)
        {
            await Task.Delay(EmptyPollInterval, timeProvider).ConfigureAwait(false);
        }

        foreach (var remaining in registry.Snapshot())
        {
            remaining.RequestEnd();
        }

        await Task.WhenAll(ending).ConfigureAwait(false);
        var (left, seconds) = (registry.Count, timeProvider.GetElapsedTime(started).TotalSeconds);
        ProxyLog.Drained(logger, left, seconds);
    }

    private async Task EndAfterAsync(OpenTunnel tunnel, TimeSpan delay)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, timeProvider).ConfigureAwait(false);
        }

        tunnel.RequestEnd();
    }

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => DrainAsync();

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
