using System.Net.Security;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>What a measurement runs against: one started target, the suite's scale, the replicas behind it and the lab CA.</summary>
internal sealed record MeasurementInput(string TargetName, IPeerTarget Target, SuiteScale Scale, LabBackends Backends, RemoteCertificateValidationCallback CertificateValidation)
{
    /// <summary>A ws:// URL of <paramref name="pathAndQuery"/> on the target.</summary>
    public Uri WebSocket(string pathAndQuery) => new(Target.WebSocketBase, pathAndQuery);

    /// <summary>A wss:// URL on the target's TLS listener.</summary>
    public Uri SecureWebSocket(string pathAndQuery) =>
        new(Target.SecureWebSocketBase ?? throw new InvalidOperationException($"{TargetName} has no TLS listener."), pathAndQuery);

    /// <summary>An http:// URL on the target's plain listener.</summary>
    public Uri Http(string pathAndQuery) => new(new UriBuilder(Target.WebSocketBase) { Scheme = "http" }.Uri, pathAndQuery);
}
