namespace WsProxyLab.Proxy.Configuration;

/// <summary>A route's destinations: the configured ones plus the replicas of its service from service-discovery configuration.</summary>
internal static class RouteDestinations
{
    public static IReadOnlyList<(string Id, string Address)> Resolve(RouteConfig route, IConfiguration configuration)
    {
        var destinations = route.Destinations.Select(pair => (pair.Key, pair.Value.Address)).ToList();
        if (!string.IsNullOrWhiteSpace(route.Service))
        {
            // services:{name}:{endpoint}:{index} is what services__{name}__{endpoint}__{index} becomes in configuration.
            destinations.AddRange(configuration.GetSection($"services:{route.Service}:{route.Endpoint}").GetChildren()
                .Where(child => !string.IsNullOrWhiteSpace(child.Value))
                .OrderBy(child => int.TryParse(child.Key, out var index) ? index : int.MaxValue)
                .Select(child => ($"{route.Service}-{child.Key}", child.Value!)));
        }

        return destinations;
    }
}
