using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace WsProxyLab.AppHost.Tests;

/// <summary>
/// The AppHost as a user starts it, <c>dotnet run --project AppHost --no-build</c> (so with its launch profile and the
/// dashboard), leading a session of its own (util-linux <c>setsid</c>); its console output read line by line.
/// </summary>
internal sealed class AppHostProcess : IDisposable
{
    /// <summary>Set on the AppHost and inherited by everything it starts, so the lab's processes can be told from other tests'.</summary>
    public const string MarkerVariable = "WSPROXYLAB_TEST_LAB";

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly HashSet<int> _sessions = [];

    private AppHostProcess(Process process, string marker)
    {
        _process = process;
        Marker = marker;
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    public string Marker { get; }

    public List<string> Output { get; } = [];

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WsProxyLab.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException($"No WsProxyLab.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static AppHostProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts the AppHost with <paramref name="environment"/> added to this process's.</summary>
    public static AppHostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var marker = Guid.NewGuid().ToString("N");
        var startInfo = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in new[] { "dotnet", "run", "--project", "AppHost", "--no-build", "--" }.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment[MarkerVariable] = marker;
        foreach (var (variable, value) in environment)
        {
            startInfo.Environment[variable] = value;
        }

        return new AppHostProcess(Process.Start(startInfo)!, marker);
    }

    /// <summary>Reads lines until one contains <paramref name="fragment"/>; returns that line.</summary>
    public async Task<string> ReadUntilAsync(string fragment, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _lines.Reader.ReadAsync(cancellationToken);
            Output.Add(line);
            if (line.Contains(fragment, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    /// <summary>Reads until every fragment has appeared in some line, in any order.</summary>
    public async Task ReadUntilAllAsync(IEnumerable<string> fragments, CancellationToken cancellationToken)
    {
        foreach (var fragment in fragments)
        {
            if (!Output.Any(line => line.Contains(fragment, StringComparison.Ordinal)))
            {
                await ReadUntilAsync(fragment, cancellationToken);
            }
        }
    }

    /// <summary>Waits for the AppHost to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Sends <paramref name="signal"/> (TERM, KILL) to the AppHost's whole session's leader and waits for it to exit.</summary>
    public async Task<int> SignalAsync(string signal, CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", [$"-{signal}", ProcessId.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGKILL to <paramref name="killed"/>: the <c>dotnet run</c> this class started, or the AppHost it runs.</summary>
    public async Task KillAsync(KilledProcess killed, CancellationToken cancellationToken)
    {
        var pid = killed == KilledProcess.DotnetRun ? ProcessId : AppHostProcessId();
        Assert.Contains(
            killed == KilledProcess.DotnetRun ? "dotnet run --project" : "WsProxyLab.AppHost",
            File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '),
            StringComparison.Ordinal);
        using var kill = Process.Start("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>
    /// The processes of this lab right now: those that carry its marker in their environment, and every process in a
    /// session one of them was ever seen in (nginx clears its environment, and an orphan keeps its session).
    /// </summary>
    public IReadOnlyList<string> Leftovers()
    {
        var processes = ProcSnapshot.Read();
        var ownSession = processes.FirstOrDefault(process => process.Pid == Environment.ProcessId)?.Session;
        foreach (var process in processes.Where(process => process.Environment.Contains($"{MarkerVariable}={Marker}", StringComparison.Ordinal)))
        {
            if (process.Session != ownSession)
            {
                _sessions.Add(process.Session);
            }
        }

        return [.. processes
            .Where(process => process.Pid != Environment.ProcessId && !process.IsZombie
                && (_sessions.Contains(process.Session) || process.Environment.Contains($"{MarkerVariable}={Marker}", StringComparison.Ordinal)))
            .Select(process => $"pid {process.Pid}: {process.CommandLine}")];
    }

    /// <summary>DCP's containers of this lab (named after their resource, <c>nginx-abcdefgh</c>); only these tests make such names.</summary>
    public static async Task<IReadOnlyList<string>> LabContainersAsync(CancellationToken cancellationToken)
    {
        using var docker = Process.Start(new ProcessStartInfo("docker", ["ps", "-a", "--format", "{{.Names}}"]) { RedirectStandardOutput = true })!;
        var names = await docker.StandardOutput.ReadToEndAsync(cancellationToken);
        await docker.WaitForExitAsync(cancellationToken);
        return [.. names.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(name => System.Text.RegularExpressions.Regex.IsMatch(name, "^(nginx|haproxy)-[a-z0-9]{8}$"))];
    }

    /// <summary>The AppHost itself (the child of <c>dotnet run</c>).</summary>
    public int AppHostProcessId() => Directory.EnumerateDirectories("/proc")
        .Select(directory => (Pid: int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) ? pid : 0, Directory: directory))
        .Where(entry => entry.Pid > 0 && Leftovers().Any(line => line.StartsWith($"pid {entry.Pid}:", StringComparison.Ordinal)))
        .First(entry => File.ReadAllText(Path.Combine(entry.Directory, "cmdline")).Split('\0')[0].EndsWith("WsProxyLab.AppHost", StringComparison.Ordinal)).Pid;

    /// <summary>Waits until no process of this lab and none of its containers is left, up to <paramref name="limit"/>; returns how long that took.</summary>
    public async Task<TimeSpan> WaitUntilNothingLeftAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while ((Leftovers().Count > 0 || (await LabContainersAsync(cancellationToken)).Count > 0) && waited.Elapsed < limit)
        {
            await Task.Delay(250, cancellationToken);
        }

        return waited.Elapsed;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Forward(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Writer.TryWrite(line);
        try
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished.
        }
    }
}
