using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Rendering;

namespace WsProxyLab.AppHost;

/// <summary>The lab's YARP host, configured by the profile's rendering; Aspire's Restart is its reload.</summary>
internal static class YarpResource
{
    public static LabTarget Add(IDistributedApplicationBuilder builder, ProxyProfile profile)
    {
        var effective = profile with { ListenPort = LabPorts.Next(), TlsListenPort = LabPorts.Next() };
        var yarp = builder.AddProject<Projects.WsProxyLab_YarpHost>("yarp")
            .WithLabEndpoints(effective.ListenPort, effective.TlsListenPort)
            .WithoutHttpsCertificate()
            .WithEnvironment("Logging__LogLevel__Yarp", "Warning");
        foreach (var (variable, value) in YarpRenderer.Render(effective).Environment)
        {
            yarp.WithEnvironment(variable, value);
        }

        return new LabTarget(yarp, effective.ListenPort, effective.TlsListenPort);
    }
}
