using System.Diagnostics;
using System.Text.Json;

namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>
/// With <c>--sse</c>: listens to a Server-Sent Events stream and compares when each event arrived with when the server
/// stamped it (a JSON <c>ts</c> in its data: microseconds, milliseconds or seconds since the epoch). Events that were sent
/// apart and arrive together mean a buffering proxy.
/// </summary>
internal static class BufferingChecks
{
    public const string Group = "Buffering";

    private const int MaxEvents = 20;

    private const string Fix = "nginx: 'proxy_buffering off;' in the location (or 'X-Accel-Buffering: no' from the backend) and 'proxy_http_version 1.1;'; HAProxy: 'option http-no-delay'";

    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(DoctorOptions options, Uri sse, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = CertificateTrust.Validator(options.TrustedRoots) }, ConnectTimeout = options.StepTimeout };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var listen = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        listen.CancelAfter(options.StepTimeout + options.SseListen);
        var name = "server-sent events";
        var events = new List<SseEvent>();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, sse) { Headers = { { "Accept", "text/event-stream" } } };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, listen.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return [DoctorCheck.Fail(Group, name, $"{sse} answered {(int)response.StatusCode} {response.ReasonPhrase}", "the --sse URL is not a stream here", "give the URL of an event stream behind the same proxy")];
            }

            var type = response.Content.Headers.ContentType?.MediaType;
            stopwatch.Restart();
            listen.CancelAfter(options.SseListen);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(listen.Token).ConfigureAwait(false));
            string? data = null;
            while (events.Count < MaxEvents && await reader.ReadLineAsync(listen.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data = line[5..].Trim();
                }
                else if (line.Length == 0 && data is not null)
                {
                    events.Add(new SseEvent(stopwatch.Elapsed.TotalMilliseconds, Stamp(data)));
                    data = null;
                }
            }

            if (type != "text/event-stream")
            {
                return [DoctorCheck.Warn(Group, name, $"Content-Type is '{type}', not text/event-stream", "browsers' EventSource refuses other types", "send 'Content-Type: text/event-stream'")];
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            if (exception is not OperationCanceledException)
            {
                return [DoctorCheck.Fail(Group, name, $"{sse}: {exception.Message}", "the stream could not be read", "check the --sse URL")];
            }
        }

        return [Judge(name, events, options)];
    }

    private static DoctorCheck Judge(string name, List<SseEvent> events, DoctorOptions options)
    {
        if (events.Count == 0)
        {
            return DoctorCheck.Fail(Group, name, $"no event within {options.SseListen.TotalSeconds:0} s",
                "a buffering proxy holds events until its buffer fills or the response ends (or the stream is silent)", Fix);
        }

        var spread = events[^1].ArrivedMilliseconds - events[0].ArrivedMilliseconds;
        if (BufferingVerdict.MaxHeldBack(events) is not { } heldBack)
        {
            return DoctorCheck.Warn(Group, name, $"{events.Count} events over {spread:0} ms; their data carry no 'ts', so arrival cannot be compared with sending", null, "put a JSON 'ts' (epoch time) in each event's data");
        }

        var seen = $"{events.Count} events arriving over {spread:0} ms; the latest was held back {heldBack:0} ms against its server timestamp";
        return BufferingVerdict.Buffered(heldBack)
            ? DoctorCheck.Fail(Group, name, seen, "events sent apart arrived together: a proxy buffers the stream", Fix)
            : DoctorCheck.Pass(Group, name, seen);
    }

    /// <summary>The data's <c>ts</c> in milliseconds since the epoch; its unit is told by its size.</summary>
    private static double? Stamp(string data)
    {
        try
        {
            using var json = JsonDocument.Parse(data);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("ts", out var ts) || !ts.TryGetDouble(out var value))
            {
                return null;
            }

            return value switch
            {
                > 1e14 => value / 1000,
                > 1e11 => value,
                _ => value * 1000,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
