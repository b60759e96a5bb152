using System.Text.Json;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// Server-Sent Events through a target (the backends' <c>/stream/sse?interval=ms&amp;count=N</c> over http:// or
/// https://): <c>event</c> is the time from the server's timestamp to receipt. A buffering proxy shows as events that
/// arrive together at the end of their stream, with latencies up to the stream's length.
/// </summary>
internal sealed class SseBufferingScenario : ILabScenario
{
    public string Name => "sse-buffering";

    public string Description => "Server-Sent Events through the target (http:// URL of /stream/sse): server timestamp to receipt per event";

    public IReadOnlyList<string> Schemes => ["http", "https"];

    public ScenarioProps Build(RunSettings settings)
    {
        var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = settings.CertificateValidation } });
        return Scenario.Create(Name, async context =>
            {
                using var response = await http.GetAsync(settings.Target, HttpCompletionOption.ResponseHeadersRead, context.ScenarioCancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return await Step.Run("event", context, () => Task.FromResult(Response.Fail(statusCode: ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture))))
                        .ConfigureAwait(false);
                }

                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(context.ScenarioCancellationToken).ConfigureAwait(false));
                var events = 0;
                while (await reader.ReadLineAsync(context.ScenarioCancellationToken).ConfigureAwait(false) is { } line)
                {
                    if (!line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    using var data = JsonDocument.Parse(line[6..]);
                    var sentAt = ServerClock.ToStopwatchTimestamp(data.RootElement.GetProperty("ts").GetInt64());
                    var size = line.Length;
                    await Step.RunFrom("event", context, sentAt, () => Task.FromResult(Response.Ok(sizeBytes: size))).ConfigureAwait(false);
                    events++;
                }

                return Response.Ok(statusCode: "200", sizeBytes: events);
            })
            .WithClean(_ =>
            {
                http.Dispose();
                return Task.CompletedTask;
            })
            .WithWarmUpDuration(settings.WarmUp)
            .WithLoadSimulations(Simulation.KeepConstant(settings.Connections, settings.Duration));
    }
}
