namespace WsProxyLab.AppHost.Commands;

/// <summary>
/// Reload config for the lab's proxy: its config file is written again as it stands (edits included), and the proxy's
/// watcher re-reads it; only a removed destination's tunnels end.
/// </summary>
internal static class ReloadConfigCommand
{
    public const string Name = "reload-config";

    public static IResourceBuilder<T> WithReloadConfigCommand<T>(this IResourceBuilder<T> builder, string configFile) where T : IResource => builder.WithRunningCommand(
        Name,
        "Reload config",
        new CommandOptions
        {
            Description = $"Re-reads {configFile}; tunnels to destinations still listed are kept.",
            IconName = "ArrowSync",
        },
        (context, _) => ExecuteAsync(context, configFile));

    private static async Task<ExecuteCommandResult> ExecuteAsync(ExecuteCommandContext context, string configFile)
    {
        try
        {
            var text = await File.ReadAllTextAsync(configFile, context.CancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(configFile, text, context.CancellationToken).ConfigureAwait(false);
            return CommandResults.Success();
        }
        catch (IOException exception)
        {
            return CommandResults.Failure($"Could not rewrite {configFile}: {exception.Message}");
        }
    }
}
