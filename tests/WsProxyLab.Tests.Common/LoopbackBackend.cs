using Microsoft.AspNetCore.Builder;
using WsProxyLab.Backends.Hosting;

namespace WsProxyLab.Tests.Common;

/// <summary>A real backend replica on Kestrel at 127.0.0.1 with a kernel-chosen port, in the test process.</summary>
public sealed class LoopbackBackend : IAsyncDisposable
{
    private LoopbackBackend(WebApplication app, Uri baseUri)
    {
        App = app;
        BaseUri = baseUri;
    }

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Starts a backend; <paramref name="settings"/> are configuration keys such as <c>Backend:InstanceId</c>.</summary>
    public static async Task<LoopbackBackend> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null, bool https = false)
    {
        var (app, baseUri) = await LoopbackHost.StartAsync(BackendApplication.Create, LoopbackHost.AsArguments(settings), https, configure).ConfigureAwait(false);
        return new LoopbackBackend(app, baseUri);
    }

    /// <summary>The ws:// URL of <paramref name="pathAndQuery"/>.</summary>
    public Uri WebSocketUri(string pathAndQuery) => new($"ws://{BaseUri.Authority}{pathAndQuery}");

    /// <summary>The http:// URL of <paramref name="pathAndQuery"/>.</summary>
    public Uri HttpUri(string pathAndQuery) => new(BaseUri, pathAndQuery);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await App.DisposeAsync().ConfigureAwait(false);
}
