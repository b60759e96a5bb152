using System.Net.Sockets;
using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Configuration;
using WsProxyLab.Proxy.Diagnostics;
using WsProxyLab.Proxy.Tls;

namespace WsProxyLab.Proxy.Forwarding;

/// <summary>
/// Forwards plain HTTP requests (SSE, chunked streams, anything that is not a WebSocket upgrade) over pooled HTTP/1.1
/// connections. The response body is written and flushed as it arrives: this proxy never buffers a stream, which is
/// the <c>proxy_buffering off</c> an SSE endpoint needs.
/// </summary>
internal sealed class HttpForwarder : IDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly IOptions<ProxyOptions> _options;
    private readonly ProxyMetrics _metrics;
    private readonly ILogger<HttpForwarder> _logger;
    private readonly HttpMessageInvoker _invoker;

    public HttpForwarder(IOptions<ProxyOptions> options, ProxyMetrics metrics, UpstreamTls upstreamTls, ILogger<HttpForwarder> logger)
    {
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = options.Value.ConnectTimeout,
            SslOptions = { RemoteCertificateValidationCallback = upstreamTls.Validation },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });
    }

    public async Task ForwardAsync(HttpContext context, ProxyRoute route)
    {
        var settings = _options.Value;
        var failures = new List<string>();
        var hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0;
        foreach (var destination in route.TryOrder(context))
        {
            using var request = UpstreamHttpRequest.Build(context.Request, destination.Address, hasBody);
            HttpResponseMessage response;
            using var headersDeadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            headersDeadline.CancelAfter(settings.ConnectTimeout + settings.ReadTimeout);
            try
            {
                response = await _invoker.SendAsync(request, headersDeadline.Token).ConfigureAwait(false);
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException exception) when (!hasBody && exception.InnerException is SocketException)
            {
                // Nothing was sent yet (connect failed): the next destination may serve it.
                destination.RecordFailure();
                ProxyLog.DestinationUnreachable(_logger, route.Id, destination.Id, destination.Address.Authority, exception.Message);
                failures.Add($"{destination.Id} ({exception.InnerException.Message})");
                continue;
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                destination.RecordFailure();
                await Refusal.WriteAsync(context, _logger, _metrics, route.Id, "upstream_failed", StatusCodes.Status502BadGateway,
                    $"upstream {destination.Id}: {exception.Message}").ConfigureAwait(false);
                return;
            }

            using (response)
            {
                _metrics.Request(route.Id, "http_forwarded", (int)response.StatusCode);
                await StreamResponseAsync(context, response, settings.ReadTimeout).ConfigureAwait(false);
            }

            return;
        }

        await Refusal.WriteAsync(context, _logger, _metrics, route.Id, "no_destination", StatusCodes.Status502BadGateway,
            $"no destination of route '{route.Id}' is reachable: {string.Join("; ", failures)}").ConfigureAwait(false);
    }

    private static async Task StreamResponseAsync(HttpContext context, HttpResponseMessage response, TimeSpan readTimeout)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        UpstreamHttpRequest.CopyResponseHeaders(response, context.Response);
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);

        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
        var buffer = new byte[BufferSize];
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        try
        {
            while (true)
            {
                silence.CancelAfter(readTimeout);
                var read = await body.ReadAsync(buffer, silence.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
            // Client gone, upstream gone or silent past the read timeout: the response ends here, incomplete.
            context.Abort();
        }
    }

    public void Dispose() => _invoker.Dispose();
}
