using WsProxyLab.Orchestration.Model;

namespace WsProxyLab.Orchestration.Running;

/// <summary>One running replica of a resource: its endpoints, state, process and recent log lines.</summary>
public sealed class ResourceInstance
{
    private const int RecentLogCapacity = 200;

    private readonly Lock _lock = new();
    private readonly Queue<string> _recentLogs = new();
    private readonly TaskCompletionSource<bool> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ResourceInstance(Resource resource, int replicaIndex, IReadOnlyDictionary<string, Uri> endpoints)
    {
        Resource = resource;
        ReplicaIndex = replicaIndex;
        Name = resource.ReplicaName(replicaIndex);
        Endpoints = endpoints;
    }

    /// <summary>The declaration this replica was made from.</summary>
    public Resource Resource { get; }

    /// <summary>Index among the resource's replicas.</summary>
    public int ReplicaIndex { get; }

    /// <summary>The replica name, also its <c>service.instance.id</c>.</summary>
    public string Name { get; }

    /// <summary>Endpoint name to URL.</summary>
    public IReadOnlyDictionary<string, Uri> Endpoints { get; }

    /// <summary>The current state.</summary>
    public ResourceState State { get; private set; } = ResourceState.NotStarted;

    /// <summary>Detail of the last transition: an exit code, a failure reason.</summary>
    public string? StateDetail { get; private set; }

    /// <summary>The process id while there is a process.</summary>
    public int? ProcessId { get; internal set; }

    /// <summary>The exit code once the process has ended.</summary>
    public int? ExitCode { get; internal set; }

    /// <summary>Completes with true once running, false if it never got there (failed, exited, stopped first).</summary>
    public Task<bool> Ready => _settled.Task;

    /// <summary>Raised on every state transition.</summary>
    public event Action<ResourceStateChange>? StateChanged;

    /// <summary>Raised for every line the process prints, after it is kept in <see cref="RecentLogs"/>.</summary>
    public event Action<string>? LogReceived;

    /// <summary>The last lines the process printed, oldest first.</summary>
    public IReadOnlyList<string> RecentLogs
    {
        get
        {
            lock (_lock)
            {
                return [.. _recentLogs];
            }
        }
    }

    internal void AppendLog(string line)
    {
        lock (_lock)
        {
            if (_recentLogs.Count == RecentLogCapacity)
            {
                _recentLogs.Dequeue();
            }

            _recentLogs.Enqueue(line);
        }

        LogReceived?.Invoke(line);
    }

    /// <summary>Moves to <paramref name="state"/> unless the instance already reached a final state.</summary>
    internal bool TransitionTo(ResourceState state, string? detail = null)
    {
        ResourceStateChange change;
        lock (_lock)
        {
            if (IsFinal(State) || State == state)
            {
                return false;
            }

            change = new ResourceStateChange(this, State, state, detail);
            State = state;
            StateDetail = detail;
        }

        if (state == ResourceState.Running)
        {
            _settled.TrySetResult(true);
        }
        else if (IsFinal(state) || state == ResourceState.Stopping)
        {
            _settled.TrySetResult(false);
        }

        StateChanged?.Invoke(change);
        return true;
    }

    /// <summary>States a replica never leaves.</summary>
    public static bool IsFinal(ResourceState state) =>
        state is ResourceState.Exited or ResourceState.Finished or ResourceState.FailedToStart;
}
