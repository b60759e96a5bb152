namespace WsProxyLab.AppHost;

/// <summary>
/// A short load run per target, started by a person from the dashboard (explicit start): the runner's echo-latency
/// scenario, its progress in the resource's console log and its report directory printed when it ends. Beside them,
/// <c>compare</c>: the same command as on the command line, the CI suite against every target, which it starts itself
/// from one profile next to the lab's own.
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

        builder.AddProject<Projects.WsProxyLab_LoadTests>("compare")
            .WithArgs("compare", "--suite", "ci", "--report-dir", Path.Combine(workDirectory, "reports", "compare"))
            .WithExplicitStart();
    }
}
