using System.Diagnostics;
using WsProxyLab.Peers.Processes;

namespace WsProxyLab.Bench.Engine;

/// <summary>Runs one of the benchmark's service projects (the load-test runner, the independent client) to its end and keeps its output.</summary>
internal static class ChildRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string projectName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var (command, prefix) = ServiceProjectCatalog.GetLaunchCommand(projectName, typeof(ChildRun).Assembly);
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{projectName} did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return (process.ExitCode, await output.ConfigureAwait(false) + await errors.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
