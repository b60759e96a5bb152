using WsProxyLab.AppHost;

// Aspire's container network tunnel builds on an image that no registry here serves; without the tunnel, containers
// reach the host through Docker's host-gateway (see PeerResources). Set here so every way of starting the AppHost gets it.
if (Environment.GetEnvironmentVariable("ASPIRE_ENABLE_CONTAINER_TUNNEL") is null)
{
    Environment.SetEnvironmentVariable("ASPIRE_ENABLE_CONTAINER_TUNNEL", "false");
}

LauncherWatch.NameParentAsLauncher();
var builder = DistributedApplication.CreateBuilder(args);
if (!LabSettings.TryRead(builder.Configuration, out var settings, out var error))
{
    // Before any resource exists: nothing has started, nothing needs stopping.
    Console.Error.WriteLine($"error: {error}");
    return 2;
}

await LabModel.AddAsync(builder, settings);
await builder.Build().RunAsync();
return 0;
