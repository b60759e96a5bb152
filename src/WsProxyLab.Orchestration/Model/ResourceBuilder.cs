namespace WsProxyLab.Orchestration.Model;

/// <summary>Fluent configuration of one declared resource, as Aspire's <c>IResourceBuilder</c>.</summary>
public sealed class ResourceBuilder
{
    internal ResourceBuilder(Resource resource) => Resource = resource;

    /// <summary>The resource being configured.</summary>
    public Resource Resource { get; }

    /// <summary>Runs <paramref name="count"/> replicas, each with its own endpoints and instance id.</summary>
    public ResourceBuilder WithReplicas(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Resource.Replicas = count;
        return this;
    }

    /// <summary>Adds an http endpoint on a free loopback port; <paramref name="portEnvironmentVariable"/> receives the port.</summary>
    public ResourceBuilder WithHttpEndpoint(string name = "http", string? portEnvironmentVariable = null)
    {
        Resource.Endpoints.Add(new EndpointSpec(name, "http", portEnvironmentVariable));
        return this;
    }

    /// <summary>Adds an https endpoint on a free loopback port (a project serves it with the certificate it is configured with).</summary>
    public ResourceBuilder WithHttpsEndpoint(string name = "https")
    {
        Resource.Endpoints.Add(new EndpointSpec(name, "https"));
        return this;
    }

    /// <summary>Sets an environment variable of every replica.</summary>
    public ResourceBuilder WithEnvironment(string name, string value)
    {
        Resource.Environment[name] = value;
        return this;
    }

    /// <summary>Appends command-line arguments.</summary>
    public ResourceBuilder WithArgs(params string[] arguments)
    {
        Resource.Arguments = [.. Resource.Arguments, .. arguments];
        return this;
    }

    /// <summary>Injects the endpoints of <paramref name="other"/> (all replicas) as service-discovery variables.</summary>
    public ResourceBuilder WithReference(ResourceBuilder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Resource.References.Add(other.Resource);
        return this;
    }

    /// <summary>Starts this resource only when every replica of <paramref name="other"/> is running.</summary>
    public ResourceBuilder WaitFor(ResourceBuilder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Resource.WaitsFor.Add(other.Resource);
        return this;
    }

    /// <summary>Probes <paramref name="path"/> on the first http endpoint; the replica is running once it answers 2xx.</summary>
    public ResourceBuilder WithHttpHealthCheck(string path = "/health")
    {
        Resource.HealthCheckPath = path;
        return this;
    }

    /// <summary>Sets how long a replica may take to become healthy.</summary>
    public ResourceBuilder WithStartupTimeout(TimeSpan timeout)
    {
        Resource.StartupTimeout = timeout;
        return this;
    }

    /// <summary>Sets how long a stop waits after SIGTERM before killing.</summary>
    public ResourceBuilder WithStopTimeout(TimeSpan timeout)
    {
        Resource.StopTimeout = timeout;
        return this;
    }
}
