namespace WsProxyLab.AppHost.Commands;

/// <summary>
/// Drain: the proxy's <c>POST /admin/drain</c>. Its tunnels end with 1001 spread over the drain window, new upgrades are
/// refused, and the proxy then stops (Start brings it back).
/// </summary>
internal static class DrainCommand
{
    public const string Name = "drain";

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static IResourceBuilder<T> WithDrainCommand<T>(this IResourceBuilder<T> builder, int port) where T : IResource => builder.WithRunningCommand(
        Name,
        "Drain",
        new CommandOptions
        {
            Description = "Ends every tunnel with 1001 spread over the drain window, then stops the proxy.",
            IconName = "ArrowExit",
        },
        (context, _) => ExecuteAsync(context, port));

    private static async Task<ExecuteCommandResult> ExecuteAsync(ExecuteCommandContext context, int port)
    {
        try
        {
            using var response = await Client.PostAsync(new Uri($"http://127.0.0.1:{port}/admin/drain"), content: null, context.CancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? CommandResults.Success()
                : CommandResults.Failure($"POST /admin/drain answered {(int)response.StatusCode} {response.ReasonPhrase}: {await response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false)}");
        }
        catch (HttpRequestException exception)
        {
            return CommandResults.Failure($"POST /admin/drain failed: {exception.Message}");
        }
    }
}
