using System.Diagnostics;
using System.Threading.Channels;
using WsProxyLab.Orchestration.Model;

namespace WsProxyLab.AppHost.Tests;

/// <summary>The AppHost executable started as a user starts it, with its console output read line by line.</summary>
internal sealed class AppHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private AppHostProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    public List<string> Output { get; } = [];

    /// <summary>
    /// Starts the AppHost as the leader of a process group of its own (util-linux <c>setsid</c> runs it in place, so the
    /// process id is the AppHost's), so that <see cref="InterruptAsync"/> can signal its whole group as a terminal does.
    /// </summary>
    public static AppHostProcess Start(params string[] arguments)
    {
        var assembly = ServiceProjectCatalog.GetAssemblyPath("WsProxyLab.AppHost", typeof(AppHostProcess).Assembly);
        var startInfo = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        startInfo.ArgumentList.Add(Path.ChangeExtension(assembly, null));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return new AppHostProcess(Process.Start(startInfo)!);
    }

    /// <summary>Reads lines until one contains <paramref name="fragment"/>; returns every line read so far.</summary>
    public async Task<IReadOnlyList<string>> ReadUntilAsync(string fragment, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _lines.Reader.ReadAsync(cancellationToken);
            Output.Add(line);
            if (line.Contains(fragment, StringComparison.Ordinal))
            {
                return Output;
            }
        }
    }

    /// <summary>
    /// Sends SIGINT to the AppHost's whole process group, as Ctrl+C in a terminal does (every process of the group gets
    /// it, children included unless they are in groups of their own), and waits for the exit code.
    /// </summary>
    public async Task<int> InterruptAsync(CancellationToken cancellationToken)
    {
        // A process started in the background by a shell without job control inherits SIGINT as ignored, and .NET then
        // leaves it ignored (Ctrl+C cannot reach such a process anyway): there, SIGTERM, which the AppHost handles the same way, stands in.
        var signal = SigintIgnored() ? "-TERM" : "-INT";
        using (var kill = Process.Start("kill", [signal, "--", "-" + ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        // Returns once the output is drained too, so every line the AppHost printed is in Output afterwards.
        await _process.WaitForExitAsync(cancellationToken);
        while (_lines.Reader.TryRead(out var line))
        {
            Output.Add(line);
        }

        return _process.ExitCode;
    }

    /// <summary>Whether SIGINT is ignored by this process, and so by the AppHost it starts (the SigIgn mask of /proc/self/status).</summary>
    private static bool SigintIgnored()
    {
        var mask = File.ReadLines("/proc/self/status").First(line => line.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim();
        const int Sigint = 2;
        return (Convert.ToUInt64(mask, 16) & (1UL << (Sigint - 1))) != 0;
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
