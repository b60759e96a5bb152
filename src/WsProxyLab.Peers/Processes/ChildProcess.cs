using System.Diagnostics;

namespace WsProxyLab.Peers.Processes;

/// <summary>A launched child whose output is streamed line by line and which stops gracefully: SIGTERM, then kill, then any leftover descendants.</summary>
internal sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan LeftoverGrace = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan OutputDrainBound = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _outputClosed;

    private ChildProcess(Process process)
    {
        _process = process;
        ProcessId = process.Id;
        _outputClosed = process.WaitForExitAsync();
        process.Exited += (_, _) => _exited.TrySetResult(process.ExitCode);
        if (process.HasExited)
        {
            _exited.TrySetResult(process.ExitCode);
        }
    }

    public int ProcessId { get; }

    /// <summary>
    /// Completes with the exit code (128+N after signal N) once the process itself has ended, even while a surviving
    /// descendant still holds its output pipe open.
    /// </summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Waits, for a bounded time, until the output pipes are closed and every line has been delivered.</summary>
    public async Task DrainOutputAsync()
    {
        try
        {
            await _outputClosed.WaitAsync(OutputDrainBound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A descendant still holds the pipe; its lines are not the child's last words.
        }
    }

    /// <summary>Starts the process; throws <see cref="System.ComponentModel.Win32Exception"/> when it cannot be launched.</summary>
    public static ChildProcess Start(
        string command, IEnumerable<string> arguments, string? workingDirectory, IReadOnlyDictionary<string, string> environment, Action<string, bool> onLine)
    {
        var startInfo = new ProcessStartInfo(command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The child must not read its owner's terminal.
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Forward(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, isError: true);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process);

        void Forward(string? line, bool isError)
        {
            if (line is not null)
            {
                onLine(line, isError);
            }
        }
    }

    /// <summary>SIGTERM and wait up to <paramref name="timeout"/>; then kill the tree; then stop descendants that outlived the child.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        var descendants = ProcessTree.Descendants(ProcessId);
        if (PosixSignal.Send(ProcessId, PosixSignal.Terminate))
        {
            try
            {
                await Exited.WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                KillTree();
            }
        }
        else
        {
            KillTree();
        }

        await Exited.ConfigureAwait(false);
        await StopLeftoversAsync(descendants).ConfigureAwait(false);
        await DrainOutputAsync().ConfigureAwait(false);
    }

    private void KillTree()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static async Task StopLeftoversAsync(IReadOnlyList<ProcessIdentity> descendants)
    {
        var alive = descendants.Where(ProcessTree.IsAlive).ToList();
        foreach (var process in alive)
        {
            PosixSignal.Send(process.ProcessId, PosixSignal.Terminate);
        }

        var deadline = Stopwatch.StartNew();
        while (alive.Count > 0 && deadline.Elapsed < LeftoverGrace)
        {
            await Task.Delay(50).ConfigureAwait(false);
            alive.RemoveAll(process => !ProcessTree.IsAlive(process));
        }

        foreach (var process in alive)
        {
            PosixSignal.Send(process.ProcessId, PosixSignal.Kill);
        }
    }

    public void Dispose() => _process.Dispose();
}
