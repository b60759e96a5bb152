namespace WsProxyLab.AppHost;

/// <summary>Ports chosen before the model is built (see <see cref="TargetEndpoints"/>).</summary>
internal static class LabPorts
{
    public static int Next() => WsProxyLab.Peers.Processes.PortAllocator.GetFreePort();
}
