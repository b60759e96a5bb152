namespace WsProxyLab.Proxy.Configuration;

/// <summary>TLS to <c>https://</c> destinations: the server certificate is validated against the system's trust or this CA.</summary>
public sealed record UpstreamTlsConfig
{
    /// <summary>A PEM CA certificate that upstream certificates must chain to (for a lab CA); null trusts the system store.</summary>
    public string? CaPath { get; init; }
}
