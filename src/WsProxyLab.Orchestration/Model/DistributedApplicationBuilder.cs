using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WsProxyLab.Orchestration.Running;

namespace WsProxyLab.Orchestration.Model;

/// <summary>Declares the resources of a lab stack, as Aspire's <c>DistributedApplication.CreateBuilder</c>.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    /// <summary>Receives every line the children print; null drops them (they are still kept per instance).</summary>
    public IResourceLogSink? LogSink { get; set; }

    /// <summary>
    /// Whether each child leads a session of its own, out of reach of the terminal's Ctrl+C (which goes to the whole
    /// foreground process group). Set it where the owning process handles SIGINT and SIGTERM itself and stops the
    /// application in order, dependents first (the AppHost); leave it off where the terminal's signal is what ends the
    /// children if the owner exits without stopping them (tests, the benchmark).
    /// </summary>
    public bool ChildrenLeadOwnSessions { get; set; }

    /// <summary>Logs the orchestrator's own events (state changes, failures).</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>The declared resources.</summary>
    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>Adds a service project of this repository, launched from its build output; it gets an http endpoint.</summary>
    public ResourceBuilder AddProject(string name, string projectName, Assembly referencingAssembly)
    {
        var (command, arguments) = ServiceProjectCatalog.GetLaunchCommand(projectName, referencingAssembly);
        var directory = Path.GetDirectoryName(ServiceProjectCatalog.GetAssemblyPath(projectName, referencingAssembly));
        return Add(new Resource(name, ResourceKind.Project, command, arguments, directory))
            .WithHttpEndpoint();
    }

    /// <summary>Adds an executable.</summary>
    public ResourceBuilder AddExecutable(string name, string command, string? workingDirectory, params string[] arguments) =>
        Add(new Resource(name, ResourceKind.Executable, command, arguments, workingDirectory));

    /// <summary>Validates the model (unique names, references declared, no wait cycle) and creates the application.</summary>
    public DistributedApplication Build()
    {
        var errors = new List<string>();
        foreach (var duplicate in _resources.GroupBy(resource => resource.Name, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1))
        {
            errors.Add($"Resource name '{duplicate.Key}' is used {duplicate.Count()} times; give each resource its own name.");
        }

        foreach (var resource in _resources)
        {
            foreach (var other in resource.References.Concat(resource.WaitsFor).Where(other => !_resources.Contains(other)))
            {
                errors.Add($"Resource '{resource.Name}' refers to '{other.Name}', which was not added to this builder.");
            }

            if (resource.HealthCheckPath is not null && !resource.Endpoints.Any(endpoint => endpoint.Scheme is "http" or "https"))
            {
                errors.Add($"Resource '{resource.Name}' has an HTTP health check but no http endpoint; call WithHttpEndpoint().");
            }

            if (WaitsOnItself(resource, resource, []))
            {
                errors.Add($"Resource '{resource.Name}' waits for itself through a cycle of WaitFor calls; remove one of them.");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The application model is invalid:" + System.Environment.NewLine + string.Join(System.Environment.NewLine, errors));
        }

        return new DistributedApplication(_resources, LogSink, LoggerFactory, ChildrenLeadOwnSessions);
    }

    private ResourceBuilder Add(Resource resource)
    {
        _resources.Add(resource);
        return new ResourceBuilder(resource);
    }

    private static bool WaitsOnItself(Resource origin, Resource current, HashSet<Resource> seen) =>
        current.WaitsFor.Any(next => ReferenceEquals(next, origin) || (seen.Add(next) && WaitsOnItself(origin, next, seen)));
}
