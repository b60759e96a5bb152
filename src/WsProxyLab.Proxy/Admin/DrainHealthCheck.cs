using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WsProxyLab.Proxy.Admin;

/// <summary>Makes <c>/health</c> answer 503 while the proxy drains, so a load balancer in front stops sending it clients.</summary>
internal sealed class DrainHealthCheck(DrainCoordinator drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.IsDraining ? HealthCheckResult.Unhealthy("draining") : HealthCheckResult.Healthy());
}
