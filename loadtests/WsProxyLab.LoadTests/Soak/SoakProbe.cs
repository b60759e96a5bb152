using System.Globalization;
using System.Text.Json;
using WsProxyLab.Peers.Processes;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.LoadTests.Soak;

/// <summary>Reads one target's figures for the soak from /proc and, for the lab's own proxy, from its admin and metrics endpoints.</summary>
internal static class SoakProbe
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<SoakSample?> SampleAsync(string name, IPeerTarget target, double minute, bool isLabProxy, CancellationToken cancellationToken)
    {
        if (target.ProcessId is not { } processId || target.ReadUsage() is not { } usage)
        {
            return null;
        }

        var processes = new[] { processId }.Concat(ProcessTree.Descendants(processId).Select(process => process.ProcessId));
        var openFiles = processes.Sum(OpenFilesOf);
        int? tunnels = null;
        double? gcPause = null;
        if (isLabProxy)
        {
            tunnels = await TunnelsAsync(target, cancellationToken).ConfigureAwait(false);
            gcPause = await GcPauseAsync(target, cancellationToken).ConfigureAwait(false);
        }

        return new SoakSample(name, minute, usage.RssBytes / 1048576.0, openFiles, tunnels, gcPause);
    }

    /// <summary>What the lab's proxy lists at <c>/admin/tunnels</c>.</summary>
    public static async Task<int?> TunnelsAsync(IPeerTarget target, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await Http.GetStreamAsync(new Uri(Admin(target), "/admin/tunnels"), cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return document.RootElement.GetArrayLength();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<double?> GcPauseAsync(IPeerTarget target, CancellationToken cancellationToken)
    {
        try
        {
            var metrics = await Http.GetStringAsync(new Uri(Admin(target), "/metrics"), cancellationToken).ConfigureAwait(false);
            var line = metrics.Split('\n').FirstOrDefault(candidate => candidate.StartsWith("dotnet_gc_pause_time_seconds_total", StringComparison.Ordinal));
            return line is not null && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static Uri Admin(IPeerTarget target) => new UriBuilder(target.WebSocketBase) { Scheme = "http" }.Uri;

    private static int OpenFilesOf(int processId)
    {
        try
        {
            return Directory.GetFiles($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/fd").Length;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
