using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace WsProxyLab.ServiceDefaults.Tests;

public sealed class ServiceDiscoveryTests
{
    [Fact]
    public async Task HttpClient_ResolvesServiceNameFromAspireEnvironmentConvention()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = "discovered" });
        var builder = WebApplication.CreateBuilder();
        builder.AddServiceDefaults();
        // What services__backend__http__0 becomes in configuration.
        builder.Configuration["services:backend:http:0"] = backend.BaseUri.ToString();
        await using var app = builder.Build();

        using var client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        using var response = await client.GetAsync(new Uri("http://backend/health"), cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("discovered", response.Headers.GetValues("X-Backend-Instance").Single());
    }
}
