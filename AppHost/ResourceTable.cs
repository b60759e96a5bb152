using Spectre.Console;
using WsProxyLab.Orchestration.Running;

namespace WsProxyLab.AppHost;

/// <summary>Renders the resources, their states and endpoints as the Aspire dashboard's resource list would.</summary>
internal static class ResourceTable
{
    public static void Print(IEnumerable<ResourceInstance> instances)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Resource", "Type", "State", "Endpoints", "PID");
        foreach (var instance in instances)
        {
            table.AddRow(
                Markup.Escape(instance.Name),
                instance.Resource.Kind.ToString(),
                $"[{Color(instance)}]{instance.State}[/]{Markup.Escape(instance.StateDetail is null ? string.Empty : $" ({instance.StateDetail})")}",
                Markup.Escape(string.Join(", ", instance.Endpoints.Values.Select(url => url.GetLeftPart(UriPartial.Authority)))),
                instance.ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        }

        AppHostConsole.Write(table);
    }

    private static string Color(ResourceInstance instance) => instance.State switch
    {
        Orchestration.Model.ResourceState.Running or Orchestration.Model.ResourceState.Finished => "green",
        Orchestration.Model.ResourceState.Starting or Orchestration.Model.ResourceState.Waiting or Orchestration.Model.ResourceState.Stopping => "yellow",
        _ => "red",
    };
}
