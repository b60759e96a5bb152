using System.Globalization;
using WsProxyLab.AppHost.Commands;

namespace WsProxyLab.AppHost;

/// <summary>
/// The backend replicas: one resource each (<c>backend-0</c> …), each on its own port, so every proxy can balance over
/// their own addresses and a fault can be made on one of them.
/// </summary>
internal static class BackendReplicas
{
    public static IReadOnlyList<LabTarget> Add(IDistributedApplicationBuilder builder, int count)
    {
        var replicas = new List<LabTarget>();
        for (var index = 0; index < count; index++)
        {
            var name = $"backend-{index}";
            var port = LabPorts.Next();
            var replica = builder.AddProject<Projects.WsProxyLab_Backends>(name)
                .WithLabEndpoints(port, tlsPort: null)
                // Every interface, not only loopback: nginx and HAProxy in containers reach it through the bridge's gateway.
                .WithEnvironment("ASPNETCORE_URLS", string.Create(CultureInfo.InvariantCulture, $"http://0.0.0.0:{port}"))
                .WithEnvironment("Backend__InstanceId", name)
                .WithKillCommand();
            replicas.Add(new LabTarget(replica, port, TlsPort: null));
        }

        return replicas;
    }
}
