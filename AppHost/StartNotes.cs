using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WsProxyLab.AppHost;

/// <summary>A line about how a resource runs (a fallback and its reason), printed by the AppHost and shown in the dashboard as the resource's first log line and a property.</summary>
internal static partial class StartNotes
{
    public const string PropertyName = "lab.note";

    public static IResourceBuilder<T> WithStartNote<T>(this IResourceBuilder<T> builder, string note) where T : IResource
    {
        Console.WriteLine($"note: {builder.Resource.Name} runs as {note}");
        builder.ApplicationBuilder.Eventing.Subscribe<BeforeResourceStartedEvent>(builder.Resource, async (started, _) =>
        {
            RunsAs(started.Services.GetRequiredService<ResourceLoggerService>().GetLogger(started.Resource), started.Resource.Name, note);
            await started.Services.GetRequiredService<ResourceNotificationService>()
                .PublishUpdateAsync(started.Resource, snapshot => snapshot with { Properties = snapshot.Properties.Add(new ResourcePropertySnapshot(PropertyName, note)) })
                .ConfigureAwait(false);
        });
        return builder;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Resource} runs as {Note}")]
    private static partial void RunsAs(ILogger logger, string resource, string note);
}
