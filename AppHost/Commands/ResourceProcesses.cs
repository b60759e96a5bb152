using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace WsProxyLab.AppHost.Commands;

/// <summary>Commands on running resources, and what DCP reports of them: process id or container id, read from the snapshot.</summary>
internal static class ResourceProcesses
{
    // The snapshot property names DCP's resources carry (the dashboard shows them as "Process ID" and "Container ID").
    private const string ExecutablePid = "executable.pid";
    private const string ContainerIdProperty = "container.id";

    /// <summary>
    /// Adds a command that acts on a running resource: enabled in the dashboard only while it runs, and refused with a
    /// message when it is sent to a resource that does not run; <paramref name="execute"/> gets the current snapshot.
    /// </summary>
    public static IResourceBuilder<T> WithRunningCommand<T>(
        this IResourceBuilder<T> builder, string name, string displayName, CommandOptions options, Func<ExecuteCommandContext, CustomResourceSnapshot, Task<ExecuteCommandResult>> execute)
        where T : IResource
    {
        options.UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;
        return builder.WithCommand(name, displayName, context =>
        {
            var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
            return notifications.TryGetCurrentState(context.ResourceName, out var current) && current.Snapshot.State?.Text == KnownResourceStates.Running
                ? execute(context, current.Snapshot)
                : Task.FromResult(CommandResults.Failure($"{context.ResourceName} is not running (state: {current?.Snapshot.State?.Text ?? "unknown"}); start it first."));
        }, options);
    }

    public static int? ProcessId(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(property => property.Name == ExecutablePid)?.Value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) => pid,
            _ => null,
        };

    public static string? ContainerId(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(property => property.Name == ContainerIdProperty)?.Value as string;

    /// <summary>Runs a short command (<c>kill</c>, <c>docker kill</c>); returns its failure output, or null when it succeeded.</summary>
    public static async Task<string?> RunAsync(string command, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode == 0 ? null : $"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}: {(await errors.ConfigureAwait(false)).Trim()}";
    }
}
