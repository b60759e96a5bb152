using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace WsProxyLab.ServiceDefaults.Tests;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpointSet_TracesAreExportedToIt()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        var received = Channel.CreateUnbounded<string>();
        var collectorBuilder = WebApplication.CreateBuilder();
        collectorBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/{signal}", (string signal) =>
        {
            received.Writer.TryWrite(signal);
            return Results.Ok();
        });
        await collector.StartAsync(cancellationToken);
        var collectorUri = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collectorUri,
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
