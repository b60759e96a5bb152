using WsProxyLab.Backends.Chat;
using WsProxyLab.Backends.Echo;
using WsProxyLab.Backends.Sink;
using WsProxyLab.Backends.Source;
using WsProxyLab.Backends.Streaming;

namespace WsProxyLab.Backends.Hosting;

/// <summary>Maps the backend endpoints; <c>Map</c> (any method) so a wrong method gets the handshake's 400 with its reason.</summary>
internal static class BackendEndpoints
{
    public static WebApplication MapBackendEndpoints(this WebApplication app)
    {
        app.Map(EchoEndpoint.Path, EchoEndpoint.HandleAsync);
        app.Map(ChatEndpoint.Path, ChatEndpoint.HandleAsync);
        app.Map(SourceEndpoint.Path, SourceEndpoint.HandleAsync);
        app.Map(SinkEndpoint.Path, SinkEndpoint.HandleAsync);
        app.MapGet(StreamingEndpoints.SsePath, StreamingEndpoints.SseAsync);
        app.MapGet(StreamingEndpoints.ChunkedPath, StreamingEndpoints.ChunkedAsync);
        return app;
    }
}
