using Microsoft.AspNetCore.Http.Features;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>
/// How the client side of a WebSocket is switched over: an HTTP/1.1 Upgrade (answered 101), or an HTTP/2 extended
/// CONNECT (RFC 8441, answered 200, a stream of the client's HTTP/2 connection). Upstreams always get HTTP/1.1.
/// </summary>
internal sealed class ClientUpgrade
{
    private readonly Func<Task<Stream>> _accept;

    private ClientUpgrade(bool isExtendedConnect, Func<Task<Stream>> accept)
    {
        IsExtendedConnect = isExtendedConnect;
        _accept = accept;
    }

    /// <summary>True for HTTP/2 extended CONNECT: the client sent no Sec-WebSocket-Key and must get no Upgrade headers back.</summary>
    public bool IsExtendedConnect { get; }

    public static ClientUpgrade Http11(IHttpUpgradeFeature feature) => new(false, feature.UpgradeAsync);

    public static ClientUpgrade Http2(IHttpExtendedConnectFeature feature) => new(true, () => feature.AcceptAsync().AsTask());

    /// <summary>Sends the success response (101 or 200) and returns the client's byte stream.</summary>
    public Task<Stream> AcceptAsync() => _accept();
}
