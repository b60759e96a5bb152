using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;

namespace WsProxyLab.Orchestration.Tests;

public sealed class ProjectLifecycleTests
{
    [Fact]
    public async Task Backend_Replicas_StartHealthy_EachWithItsOwnInstanceId()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        var builder = TestApplications.CreateBuilder();
        builder.AddBackend(replicas: 3);
        await using var app = builder.Build();

        await app.StartAsync(cancellationToken);

        var replicas = app.GetInstances("backend");
        Assert.Equal(["backend-0", "backend-1", "backend-2"], replicas.Select(replica => replica.Name));
        var seen = new List<string?>();
        foreach (var replica in replicas)
        {
            Assert.Equal(ResourceState.Running, replica.State);
            Assert.NotNull(replica.ProcessId);
            using var socket = await WebSocketTestClient.ConnectAsync(
                new Uri($"ws://{replica.Endpoints["http"].Authority}/ws/echo"), cancellationToken);
            seen.Add(socket.ResponseHeader("X-Backend-Instance"));
        }

        Assert.Equal(["backend-0", "backend-1", "backend-2"], seen);
    }

    [Fact]
    public async Task Stop_SendsSigterm_ClientsGet1001_AndNoProcessRemains()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        var builder = TestApplications.CreateBuilder();
        builder.AddBackend();
        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        var backend = app.GetInstances("backend")[0];
        var processId = backend.ProcessId!.Value;
        using var socket = await WebSocketTestClient.ConnectAsync(new Uri($"ws://{backend.Endpoints["http"].Authority}/ws/echo"), cancellationToken);
        var close = socket.ReceiveCloseAsync(cancellationToken);

        await app.DisposeAsync();

        var (status, reason) = await close;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        Assert.Equal("server shutting down", reason);
        Assert.Equal(ResourceState.Finished, backend.State);
        Assert.Equal(0, backend.ExitCode);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(processId));
    }

    [Fact]
    public async Task Backend_WithInvalidConfiguration_IsReportedFailedToStartWithExitCodeAndItsError()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        var builder = TestApplications.CreateBuilder();
        builder.AddBackend().WithEnvironment("Backend__MaxMessageBytes", "-1");
        await using var app = builder.Build();

        await app.StartAsync(cancellationToken);

        var backend = app.GetInstances("backend")[0];
        Assert.Equal(ResourceState.FailedToStart, backend.State);
        Assert.NotEqual(0, backend.ExitCode);
        Assert.Contains(backend.RecentLogs, line => line.Contains("Backend:MaxMessageBytes is -1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backend_WhoseOrchestratorIsGone_StopsItself()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        var builder = TestApplications.CreateBuilder();
        // A parent pid that is not the real parent: the service must conclude its orchestrator died.
        builder.AddBackend().WithEnvironment("WSPROXYLAB_PARENT_PID", "1");
        await using var app = builder.Build();
        var backend = app.GetInstances("backend")[0];
        var exited = backend.WaitForStateAsync(ResourceState.Exited, cancellationToken);

        await app.StartAsync(cancellationToken);
        await exited;

        Assert.Equal(0, backend.ExitCode);
        Assert.Contains(backend.RecentLogs, line => line.Contains("orchestrator (pid 1) that started this service is gone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reference_InjectsEveryReplicaAsServiceDiscoveryVariables_AndWaitForOrdersTheStart()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(60));
        var builder = TestApplications.CreateBuilder();
        var backend = builder.AddBackend(replicas: 2);
        builder.AddExecutable("client", "/bin/sh", null, "-c",
                "echo \"$services__backend__http__0 $services__backend__http__1 $BACKEND_HTTP $OTEL_SERVICE_NAME $OTEL_RESOURCE_ATTRIBUTES\"; exec sleep 30")
            .WithReference(backend)
            .WaitFor(backend);
        await using var app = builder.Build();

        await app.StartAsync(cancellationToken);

        var replicas = app.GetInstances("backend");
        var client = app.GetInstances("client")[0];
        var first = replicas[0].Endpoints["http"].GetLeftPart(UriPartial.Authority);
        var second = replicas[1].Endpoints["http"].GetLeftPart(UriPartial.Authority);
        var line = await client.WaitForLogLineAsync("service.instance.id", cancellationToken);
        Assert.Equal($"{first} {second} {first} client service.instance.id=client", line);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(second + "/health"), cancellationToken)).StatusCode);
    }
}
