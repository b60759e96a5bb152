namespace WsProxyLab.Proxy.Forwarding;

/// <summary>Translates a plain HTTP request to its upstream form and the upstream's response headers back, leaving hop-by-hop headers out.</summary>
internal static class UpstreamHttpRequest
{
    public static HttpRequestMessage Build(HttpRequest request, Uri destination, bool hasBody)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(destination, $"{request.PathBase}{request.Path}{request.QueryString}"))
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (hasBody)
        {
            message.Content = new StreamContent(request.Body);
        }

        var connection = request.Headers.Connection;
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHopHeaders.IsHopByHop(name, connection) || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        var clientAddress = request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var forwardedFor = request.Headers["X-Forwarded-For"].ToString();
        message.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor.Length == 0 ? clientAddress : $"{forwardedFor}, {clientAddress}");
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        return message;
    }

    public static void CopyResponseHeaders(HttpResponseMessage response, HttpResponse target)
    {
        var connection = new Microsoft.Extensions.Primitives.StringValues([.. response.Headers.Connection]);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHopHeaders.IsHopByHop(name, connection))
            {
                target.Headers[name] = values.ToArray();
            }
        }
    }
}
