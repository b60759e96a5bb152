using WsProxyLab.Orchestration.Running;

namespace WsProxyLab.AppHost;

/// <summary>Streams each child's lines to the console, prefixed with the replica name, one whole line at a time.</summary>
internal sealed class ConsoleResourceLogSink : IResourceLogSink
{
    public void Write(ResourceInstance instance, string line, bool isError) =>
        AppHostConsole.WriteLine($"{instance.Name,-12}| {line}", isError);
}
