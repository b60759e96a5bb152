namespace WsProxyLab.AppHost;

/// <summary>
/// A short load run per target, started by a person from the dashboard (explicit start): the runner's echo-latency
/// scenario, its progress in the resource's console log and its report directory printed when it ends.
/// </summary>
internal static class LoadRunResources
{
    public static void Add(IDistributedApplicationBuilder builder, IEnumerable<LabTarget> targets, string workDirectory)
    {
        foreach (var target in targets)
        {
            builder.AddProject<Projects.WsProxyLab_LoadTests>($"load-{target.Name}")
                .WithArgs(
                    "run", "--scenario", "echo-latency", "--target", target.Echo.ToString(),
                    "--connections", "100", "--rate", "500", "--duration", "20s",
                    "--report-dir", Path.Combine(workDirectory, "reports", target.Name))
                .WithExplicitStart()
                .WaitFor(target.Resource);
        }
    }
}
