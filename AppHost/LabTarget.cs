namespace WsProxyLab.AppHost;

/// <summary>A resource clients connect to (a proxy, or the first replica as the direct baseline) and its listening ports.</summary>
internal sealed record LabTarget(IResourceBuilder<IResourceWithWaitSupport> Resource, int Port, int? TlsPort)
{
    public string Name => Resource.Resource.Name;

    /// <summary>The target's echo URL over <c>ws://</c>.</summary>
    public Uri Echo => new($"ws://127.0.0.1:{Port}/ws/echo");

    /// <summary>The target's echo URL over <c>wss://</c>, when it terminates TLS.</summary>
    public Uri? SecureEcho => TlsPort is { } port ? new Uri($"wss://127.0.0.1:{port}/ws/echo") : null;
}
