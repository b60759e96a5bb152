using WsProxyLab.AppHost.Commands;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.AppHost;

/// <summary>The lab's own proxy, rendered from the profile into its watched config file, with its Drain and Reload commands.</summary>
internal static class WsProxyResource
{
    public static LabTarget Add(IDistributedApplicationBuilder builder, ProxyProfile profile, string workDirectory)
    {
        var effective = profile with { ListenPort = LabPorts.Next(), TlsListenPort = LabPorts.Next() };
        var configFile = Path.Combine(workDirectory, "wsproxy", "wsproxy.json");
        var environment = WsProxyConfigFile.Write(WsProxyRenderer.Render(effective), configFile);
        var proxy = builder.AddProject<Projects.WsProxyLab_Proxy>("wsproxy")
            .WithArgs("--config", configFile)
            .WithLabEndpoints(effective.ListenPort, effective.TlsListenPort)
            // The proxy terminates TLS with the lab certificate, not Aspire's development certificate.
            .WithoutHttpsCertificate()
            // A drain must finish inside the stop timeout.
            .WithEnvironment("Proxy__DrainWindow", "00:00:01")
            .WithEnvironment("Proxy__DrainTimeout", "00:00:05")
            .WithDrainCommand(effective.ListenPort)
            .WithReloadConfigCommand(configFile);
        foreach (var (variable, value) in environment)
        {
            proxy.WithEnvironment(variable, value);
        }

        return new LabTarget(proxy, effective.ListenPort, effective.TlsListenPort);
    }
}
