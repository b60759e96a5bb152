using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WsProxyLab.AppHost.Tests;

/// <summary>The real AppHost on Aspire.Hosting.Testing (dashboard off), started once for the tests that share it.</summary>
public sealed class LabAppFixture : IAsyncLifetime
{
    public static readonly string[] Proxies = ["wsproxy", "yarp", "nginx", "haproxy"];
    public static readonly string[] Replicas = ["backend-0", "backend-1", "backend-2"];

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The lab has not started.");

    public static string CaCertificate => Path.Combine(AppContext.BaseDirectory, "lab", "certs", "ca.pem");

    /// <summary>Why the lab was not started here (nginx or HAProxy missing); each test then skips or fails with it.</summary>
    public string? NotStarted { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if ((NotStarted = LabPrerequisites.MissingBinary()) is not null)
        {
            return;
        }

        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.WsProxyLab_AppHost>(startup.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        _app = await builder.BuildAsync(startup.Token);
        await _app.StartAsync(startup.Token);
        foreach (var name in Replicas.Concat(Proxies))
        {
            await WaitHealthyAsync(name, startup.Token);
        }
    }

    /// <summary>Skips the test (or fails it in CI) when the lab could not be started here.</summary>
    public void Require()
    {
        if (NotStarted is { } reason)
        {
            PeerRequirement.Unavailable(reason);
        }
    }

    public Task WaitHealthyAsync(string name, CancellationToken cancellationToken) =>
        App.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken);

    /// <summary>The resource's <c>ws://</c> (endpoint <c>http</c>) or <c>wss://</c> (endpoint <c>https</c>) echo URL.</summary>
    public Uri Echo(string name, bool secure = false)
    {
        var endpoint = App.GetEndpoint(name, secure ? "https" : "http");
        return new Uri($"{(secure ? "wss" : "ws")}://{endpoint.Authority}/ws/echo");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
