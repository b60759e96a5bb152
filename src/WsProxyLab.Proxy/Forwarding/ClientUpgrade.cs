using Microsoft.AspNetCore.Http.Features;
using WsProxyLab.Proxy.Transport;

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

    /// <summary>An HTTP/1.1 Upgrade; with <paramref name="handoff"/> the tunnel takes the client socket over from Kestrel after the 101.</summary>
    public static ClientUpgrade Http11(IHttpUpgradeFeature feature, IClientSocketHandoffFeature? handoff) => handoff is null
        ? new(false, feature.UpgradeAsync)
        : new(false, async () =>
        {
            var upgraded = await feature.UpgradeAsync().ConfigureAwait(false);
            return handoff.TryTakeOver() ?? upgraded;
        });

    public static ClientUpgrade Http2(IHttpExtendedConnectFeature feature) => new(true, () => feature.AcceptAsync().AsTask());

    /// <summary>Sends the success response (101 or 200) and returns the client's byte stream.</summary>
    public Task<Stream> AcceptAsync() => _accept();
}
