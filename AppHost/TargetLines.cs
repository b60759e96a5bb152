namespace WsProxyLab.AppHost;

/// <summary>One console line per target as it becomes healthy, with its ws:// and wss:// echo URLs, for terminals and CI logs.</summary>
internal static class TargetLines
{
    public static void PrintWhenReady(IDistributedApplicationBuilder builder, IEnumerable<LabTarget> targets, string caCertificate)
    {
        foreach (var target in targets)
        {
            builder.Eventing.Subscribe<ResourceReadyEvent>(target.Resource.Resource, (_, _) =>
            {
                var secure = target.SecureEcho is { } wss ? $"  {wss}  (trust {caCertificate})" : string.Empty;
                Console.WriteLine($"target {target.Name,-10} {target.Echo}{secure}");
                return Task.CompletedTask;
            });
        }
    }
}
