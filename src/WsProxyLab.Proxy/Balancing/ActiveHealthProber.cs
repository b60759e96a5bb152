using WsProxyLab.Proxy.Diagnostics;
using WsProxyLab.Proxy.Forwarding;

namespace WsProxyLab.Proxy.Balancing;

/// <summary>
/// Probes the destinations of every route that has an active-health interval. The first round runs before the proxy
/// starts serving, so no request is sent to a destination already known to be unhealthy.
/// </summary>
internal sealed class ActiveHealthProber(RouteTable routes, TimeProvider timeProvider, ILogger<ActiveHealthProber> logger) : BackgroundService
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ProbeAllAsync(routes.Routes.Where(route => route.ActiveHealth.Interval > TimeSpan.Zero), cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(routes.Routes.Where(route => route.ActiveHealth.Interval > TimeSpan.Zero).Select(route => ProbeRouteAsync(route, stoppingToken)));

    private async Task ProbeRouteAsync(ProxyRoute route, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(route.ActiveHealth.Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                // A reload replaces the route object: probe the current destinations of the same route.
                if (routes.Routes.FirstOrDefault(current => current.Id == route.Id) is not { } current)
                {
                    return;
                }

                await ProbeAllAsync([current], stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private Task ProbeAllAsync(IEnumerable<ProxyRoute> probed, CancellationToken cancellationToken) =>
        Task.WhenAll(probed.SelectMany(route => route.Destinations.Select(destination => ProbeAsync(route, destination, cancellationToken))));

    private async Task ProbeAsync(ProxyRoute route, Destination destination, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(route.ActiveHealth.Timeout);
        bool healthy;
        try
        {
            using var response = await _client.GetAsync(new Uri(destination.Address, route.ActiveHealth.Path), deadline.Token).ConfigureAwait(false);
            healthy = response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            healthy = false;
        }

        if (healthy != destination.IsActivelyHealthy)
        {
            ProxyLog.ActiveHealthChanged(logger, route.Id, destination.Id, healthy ? "healthy" : "unhealthy");
        }

        destination.SetActiveHealth(healthy);
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
