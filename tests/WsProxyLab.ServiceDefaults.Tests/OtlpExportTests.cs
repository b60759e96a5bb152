using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WsProxyLab.ServiceDefaults.Tests;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpointSet_TracesAreExportedToIt()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var received = Channel.CreateUnbounded<string>();
        var (collector, collectorUri) = await LoopbackHost.StartAsync((args, configure) =>
        {
            var builder = WebApplication.CreateBuilder(args);
            configure(builder);
            var app = builder.Build();
            app.MapPost("/v1/{signal}", (string signal) =>
            {
                received.Writer.TryWrite(signal);
                return Results.Ok();
            });
            return app;
        }, []);
        await using var collectorLease = collector;

        await using var backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collectorUri.GetLeftPart(UriPartial.Authority),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        using var client = new HttpClient();
        using var response = await client.GetAsync(backend.HttpUri("/stream/sse?count=1"), cancellationToken);

        var signal = await received.Reader.ReadAsync(cancellationToken);
        while (signal != "traces")
        {
            signal = await received.Reader.ReadAsync(cancellationToken);
        }

        Assert.Equal("traces", signal);
    }
}
