using Microsoft.AspNetCore.Http;

namespace WsProxyLab.ServiceDefaults;

/// <summary>The paths every WsProxyLab service exposes, as an Aspire service does.</summary>
public static class DefaultEndpointPaths
{
    /// <summary>Readiness: every registered health check must pass.</summary>
    public const string Health = "/health";

    /// <summary>Liveness: only the checks tagged <c>live</c> (the process answers).</summary>
    public const string Alive = "/alive";

    /// <summary>Prometheus text exposition of the service's OpenTelemetry metrics.</summary>
    public const string Metrics = "/metrics";

    /// <summary>Whether a request path is one of the default endpoints (kept out of traces).</summary>
    public static bool IsDefaultEndpoint(PathString path) =>
        path.StartsWithSegments(Health) || path.StartsWithSegments(Alive) || path.StartsWithSegments(Metrics);
}
