namespace WsProxyLab.Orchestration.Model;

/// <summary>A declared resource: what to launch, how many replicas, its endpoints, environment, references and waits.</summary>
public sealed class Resource
{
    internal Resource(string name, ResourceKind kind, string command, IReadOnlyList<string> arguments, string? workingDirectory)
    {
        Name = name;
        Kind = kind;
        Command = command;
        Arguments = arguments;
        WorkingDirectory = workingDirectory;
    }

    /// <summary>The resource name, also its service name in references and telemetry.</summary>
    public string Name { get; }

    /// <summary>Project or plain executable.</summary>
    public ResourceKind Kind { get; }

    /// <summary>The program to launch.</summary>
    public string Command { get; }

    /// <summary>Its arguments.</summary>
    public IReadOnlyList<string> Arguments { get; internal set; }

    /// <summary>Working directory of the process, or null for the current one.</summary>
    public string? WorkingDirectory { get; }

    /// <summary>Number of replicas, each a process with its own endpoints.</summary>
    public int Replicas { get; internal set; } = 1;

    /// <summary>The endpoints every replica listens on.</summary>
    public IList<EndpointSpec> Endpoints { get; } = [];

    /// <summary>Extra environment variables, applied after the conventions (they win).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Resources whose endpoints are injected as <c>services__…</c> variables.</summary>
    public IList<Resource> References { get; } = [];

    /// <summary>Resources that must be running before this one starts.</summary>
    public IList<Resource> WaitsFor { get; } = [];

    /// <summary>Path probed on the first http endpoint until it answers 2xx; null means running once launched.</summary>
    public string? HealthCheckPath { get; internal set; }

    /// <summary>How long a replica may take to become healthy before it is reported unhealthy.</summary>
    public TimeSpan StartupTimeout { get; internal set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stop waits after SIGTERM before killing the process tree.</summary>
    public TimeSpan StopTimeout { get; internal set; } = TimeSpan.FromSeconds(10);

    /// <summary>The name of replica <paramref name="index"/>: the resource name alone, or <c>{name}-{index}</c> when there are several.</summary>
    public string ReplicaName(int index) => Replicas == 1 ? Name : $"{Name}-{index}";
}
