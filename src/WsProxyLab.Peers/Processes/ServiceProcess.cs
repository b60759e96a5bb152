using System.Globalization;

namespace WsProxyLab.Peers.Processes;

/// <summary>
/// A lab service or peer started outside an AppHost (by tests, <c>compare</c> and the benchmark): a child process with
/// Aspire's environment conventions, healthy once its <c>/health</c> answers, its recent log lines kept, stopped with
/// SIGTERM and killed after a timeout. The AppHost runs the same services on Aspire instead.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int KeptLogLines = 200;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly HttpClient Probe = new();

    private readonly ChildProcess _child;
    private readonly Queue<string> _logs = new();

    private ServiceProcess(string name, string command, IEnumerable<string> arguments, string? workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_SERVICE_NAME"] = name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Uri.EscapeDataString(name)}",
            // The lab's services stop themselves if their owner dies without stopping them.
            ["WSPROXYLAB_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach (var (variable, value) in environment)
        {
            variables[variable] = value;
        }

        _child = ChildProcess.Start(command, arguments, workingDirectory, variables, Keep);
    }

    /// <summary>The name it was started as (<c>OTEL_SERVICE_NAME</c>).</summary>
    public string Name { get; }

    /// <summary>The process id of the child itself.</summary>
    public int ProcessId => _child.ProcessId;

    /// <summary>The last lines the process wrote (standard output and error).</summary>
    public IReadOnlyList<string> RecentLogs
    {
        get
        {
            lock (_logs)
            {
                return [.. _logs];
            }
        }
    }

    /// <summary>Starts a service project the referencing assembly names (see <see cref="ServiceProjectCatalog"/>).</summary>
    public static ServiceProcess StartProject(string name, string projectName, System.Reflection.Assembly referencingAssembly, IReadOnlyDictionary<string, string> environment) =>
        StartProject(name, projectName, referencingAssembly, environment, [], networkNamespace: null);

    /// <summary>
    /// Starts a service project with <paramref name="extraArguments"/>, inside <paramref name="networkNamespace"/> when one
    /// is named (through <c>ip netns exec</c>, which execs the service: its process id stays the one signalled).
    /// </summary>
    public static ServiceProcess StartProject(string name, string projectName, System.Reflection.Assembly referencingAssembly, IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string> extraArguments, string? networkNamespace)
    {
        var (command, arguments) = ServiceProjectCatalog.GetLaunchCommand(projectName, referencingAssembly);
        var launch = arguments.Concat(extraArguments);
        return networkNamespace is null
            ? new ServiceProcess(name, command, launch, workingDirectory: null, environment)
            : new ServiceProcess(name, "ip", new[] { "netns", "exec", networkNamespace, command }.Concat(launch), workingDirectory: null, environment);
    }

    /// <summary>Starts an executable; throws <see cref="System.ComponentModel.Win32Exception"/> when it cannot be launched.</summary>
    public static ServiceProcess StartExecutable(string name, string path, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment) =>
        new(name, path, arguments, workingDirectory, environment);

    /// <summary>
    /// Polls <paramref name="health"/> until it answers 2xx; returns null then, or why not (the process exited, or the
    /// time ran out) with its last log lines.
    /// </summary>
    public async Task<string?> WaitHealthyAsync(Uri health, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(health);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (_child.Exited.IsCompleted)
            {
                await _child.DrainOutputAsync().ConfigureAwait(false);
                return $"{Name} exited with code {_child.Exited.Result} before it was healthy";
            }

            try
            {
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                probe.CancelAfter(ProbeTimeout);
                using var response = await Probe.GetAsync(health, HttpCompletionOption.ResponseHeadersRead, probe.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet, or not answering: try again until the deadline.
            }

            try
            {
                await Task.Delay(ProbeInterval, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return $"{Name} was not healthy at {health} within {timeout.TotalSeconds:0} s";
            }
        }
    }

    /// <summary>Sends <paramref name="signal"/> (a <see cref="PosixSignal"/> number) to the process; false when it has exited.</summary>
    public bool Signal(int signal) => PosixSignal.Send(ProcessId, signal);

    /// <summary>Waits until the process has exited (after <see cref="Signal"/> with SIGKILL, say); returns its exit code.</summary>
    public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => _child.Exited.WaitAsync(cancellationToken);

    /// <summary>SIGTERM, then kill after <paramref name="timeout"/>, and any descendant that outlived it.</summary>
    public Task StopAsync(TimeSpan timeout) => _child.StopAsync(timeout);

    /// <summary>Stops the process (as <see cref="StopAsync"/> with a 10 s timeout) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _child.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _child.Dispose();
    }

    private void Keep(string line, bool isError)
    {
        lock (_logs)
        {
            _logs.Enqueue(line);
            if (_logs.Count > KeptLogLines)
            {
                _logs.Dequeue();
            }
        }
    }
}
