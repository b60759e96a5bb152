using WsProxyLab.Orchestration.Model;

namespace WsProxyLab.Orchestration.Running;

/// <summary>
/// The environment a replica is started with, following Aspire's conventions: <c>ASPNETCORE_URLS</c> for projects,
/// <c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES=service.instance.id=…</c>, and for every reference
/// <c>services__{name}__{endpoint}__{index}</c> plus <c>{NAME}_{ENDPOINT}</c> (first replica).
/// </summary>
public static class ResourceEnvironment
{
    /// <summary>Builds the variables of <paramref name="instance"/>; <paramref name="instancesOf"/> lists a referenced resource's replicas.</summary>
    public static IReadOnlyDictionary<string, string> Build(ResourceInstance instance, Func<Resource, IReadOnlyList<ResourceInstance>> instancesOf)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(instancesOf);

        var resource = instance.Resource;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_SERVICE_NAME"] = resource.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Uri.EscapeDataString(instance.Name)}",
            // Lets the lab's services stop themselves if the orchestrator dies without stopping them.
            ["WSPROXYLAB_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        if (resource.Kind == ResourceKind.Project)
        {
            environment["ASPNETCORE_URLS"] = string.Join(';', instance.Endpoints.Values.Select(url => url.GetLeftPart(UriPartial.Authority)));
            // One line per log entry, so the AppHost can prefix and stream it.
            environment["Logging__Console__FormatterName"] = "simple";
            environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        }

        foreach (var endpoint in resource.Endpoints.Where(endpoint => endpoint.PortEnvironmentVariable is not null))
        {
            environment[endpoint.PortEnvironmentVariable!] = instance.Endpoints[endpoint.Name].Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var reference in resource.References)
        {
            foreach (var replica in instancesOf(reference))
            {
                foreach (var (endpointName, url) in replica.Endpoints)
                {
                    var value = url.GetLeftPart(UriPartial.Authority);
                    environment[$"services__{reference.Name}__{endpointName}__{replica.ReplicaIndex}"] = value;
                    if (replica.ReplicaIndex == 0)
                    {
                        environment[$"{EnvironmentName(reference.Name)}_{EnvironmentName(endpointName)}"] = value;
                    }
                }
            }
        }

        foreach (var (name, value) in resource.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static string EnvironmentName(string name) =>
        new(name.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
