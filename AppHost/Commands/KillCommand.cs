using System.Diagnostics;

namespace WsProxyLab.AppHost.Commands;

/// <summary>
/// Kill: SIGKILL to a replica and its process tree (DCP runs a project under <c>dotnet run</c>), so it sends no close
/// frame; what clients see through each proxy is the point. Aspire's own Stop sends SIGTERM, and the replica closes its
/// sockets with 1001.
/// </summary>
internal static class KillCommand
{
    public const string Name = "kill";

    public static IResourceBuilder<T> WithKillCommand<T>(this IResourceBuilder<T> builder) where T : IResource => builder.WithRunningCommand(
        Name,
        "Kill (SIGKILL)",
        new CommandOptions
        {
            Description = "SIGKILL: the process ends without a close frame; clients see what their proxy makes of it.",
            IconName = "Flash",
            ConfirmationMessage = "Kill this replica with SIGKILL?",
        },
        ExecuteAsync);

    private static Task<ExecuteCommandResult> ExecuteAsync(ExecuteCommandContext context, CustomResourceSnapshot snapshot)
    {
        if (ResourceProcesses.ProcessId(snapshot) is not { } pid)
        {
            return Task.FromResult(CommandResults.Failure($"{context.ResourceName} reports no process id."));
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            return Task.FromResult(CommandResults.Success());
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return Task.FromResult(CommandResults.Failure($"Could not kill process {pid}: {exception.Message}"));
        }
    }
}
