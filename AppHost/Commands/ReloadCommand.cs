namespace WsProxyLab.AppHost.Commands;

/// <summary>Reload for nginx and HAProxy: the peer's reload signal, through <c>docker kill --signal</c> for a container or <c>kill</c> for a process.</summary>
internal static class ReloadCommand
{
    public const string Name = "reload";

    public static IResourceBuilder<T> WithReloadCommand<T>(this IResourceBuilder<T> builder, string signal) where T : IResource => builder.WithRunningCommand(
        Name,
        "Reload",
        new CommandOptions
        {
            Description = $"SIG{signal}: re-reads the configuration; new workers take new connections while old ones finish theirs.",
            IconName = "ArrowSync",
        },
        (context, snapshot) => ExecuteAsync(context, snapshot, signal));

    private static async Task<ExecuteCommandResult> ExecuteAsync(ExecuteCommandContext context, CustomResourceSnapshot snapshot, string signal)
    {
        var failure = ResourceProcesses.ContainerId(snapshot) is { } container
            ? await ResourceProcesses.RunAsync("docker", ["kill", "--signal", signal, container], context.CancellationToken).ConfigureAwait(false)
            : ResourceProcesses.ProcessId(snapshot) is { } pid
                ? await ResourceProcesses.RunAsync("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], context.CancellationToken).ConfigureAwait(false)
                : $"{context.ResourceName} reports neither a container id nor a process id.";
        return failure is null ? CommandResults.Success() : CommandResults.Failure(failure);
    }
}
