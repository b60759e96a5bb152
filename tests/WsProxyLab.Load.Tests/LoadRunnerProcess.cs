using System.Diagnostics;
using WsProxyLab.Peers.Processes;

namespace WsProxyLab.Load.Tests;

/// <summary>The load-test runner started as a user starts it: a process with a command line, its output and its exit code.</summary>
internal static class LoadRunnerProcess
{
    /// <summary>Starts the runner with its output redirected, for a test that reads it as it comes.</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var (command, prefix) = ServiceProjectCatalog.GetLaunchCommand("WsProxyLab.LoadTests", typeof(LoadRunnerProcess).Assembly);
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable] = value;
        }

        return Process.Start(start)!;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var process = Start(environment, arguments);
        var cancellationToken = TestTimeouts.CreateTimer(timeout);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // A runner that hangs takes its targets and replicas with it.
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await errors);
    }
}
