using System.Text.Json.Nodes;

namespace WsProxyLab.Peers.Targets;

/// <summary>
/// Reloads the lab's proxy as an operator would: it watches the file given with <c>--config</c>, and a rewrite applies
/// its routes in process. The rewrite carries the same routes as the environment the proxy started with, so a reload
/// changes nothing but proves that tunnels to unchanged destinations live through it.
/// </summary>
internal static class WsProxyConfigReload
{
    public const string FileName = "wsproxy.reload.json";

    private const string Section = "Proxy__";

    public static async Task<string> RewriteAsync(string path, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var root = new JsonObject();
        foreach (var (variable, value) in environment.Where(entry => entry.Key.StartsWith(Section, StringComparison.Ordinal)))
        {
            var keys = variable.Split("__");
            var node = root;
            foreach (var key in keys[..^1])
            {
                node = node[key] as JsonObject ?? (JsonObject)(node[key] = new JsonObject());
            }

            node[keys[^1]] = value;
        }

        // Written beside and moved over, so the watcher never reads half a file.
        var staging = path + ".tmp";
        await File.WriteAllTextAsync(staging, root.ToJsonString(), cancellationToken).ConfigureAwait(false);
        File.Move(staging, path, overwrite: true);
        return $"{FileName} rewritten with the same {environment.Count(entry => entry.Key.StartsWith(Section, StringComparison.Ordinal))} Proxy settings (its config watcher reloads the routes in process)";
    }
}
