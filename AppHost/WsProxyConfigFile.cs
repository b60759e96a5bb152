using System.Text.Json;
using System.Text.Json.Nodes;
using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.AppHost;

/// <summary>
/// The proxy's rendered configuration as the JSON file it is started with (<c>--config</c>, watched by the proxy), so
/// that a reload has a file to re-read: the rendering's <c>Proxy__…</c> variables become nested sections.
/// </summary>
internal static class WsProxyConfigFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes the <c>Proxy</c> settings of <paramref name="rendered"/> to <paramref name="path"/>; returns the variables left for the environment.</summary>
    public static IReadOnlyDictionary<string, string> Write(RenderedConfig rendered, string path)
    {
        var root = new JsonObject();
        var environment = new Dictionary<string, string>();
        foreach (var (variable, value) in rendered.Environment)
        {
            var keys = variable.Split("__");
            if (keys[0] != "Proxy")
            {
                environment[variable] = value;
                continue;
            }

            var section = root;
            foreach (var key in keys[..^1])
            {
                section = section[key] as JsonObject ?? (JsonObject)(section[key] = new JsonObject());
            }

            section[keys[^1]] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, root.ToJsonString(Indented));
        return environment;
    }
}
