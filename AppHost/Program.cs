using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using WsProxyLab.AppHost;
using WsProxyLab.Orchestration.Model;

var replicasOption = new Option<int>("--replicas")
{
    Description = "Number of backend replicas (1-16).",
    DefaultValueFactory = _ => 3,
};
replicasOption.Validators.Add(result =>
{
    var value = result.GetValueOrDefault<int>();
    if (value is < 1 or > 16)
    {
        result.AddError($"--replicas is {value}; choose from 1 to 16.");
    }
});

var root = new RootCommand("WsProxyLab AppHost: starts the lab stack as child processes and stops it on Ctrl+C.") { replicasOption };
root.SetAction(async (parseResult, cancellationToken) =>
{
    using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new AppHostConsoleLoggerProvider()));
    // A fresh lab CA and server certificate on every start: wss:// needs no manual step.
    var certificates = await LabCertificateFiles.CreateAsync(Path.Combine(AppContext.BaseDirectory, "certs"), cancellationToken);
    // The AppHost handles Ctrl+C and SIGTERM itself and stops the stack in order: its children must not get the terminal's signal too.
    var builder = new DistributedApplicationBuilder { LogSink = new ConsoleResourceLogSink(), LoggerFactory = loggerFactory, ChildrenLeadOwnSessions = true };
    var backend = builder.AddProject("backend", "WsProxyLab.Backends", typeof(ConsoleResourceLogSink).Assembly)
        .WithReplicas(parseResult.GetValue(replicasOption))
        .WithHttpHealthCheck("/health");
    builder.AddProject("wsproxy", "WsProxyLab.Proxy", typeof(ConsoleResourceLogSink).Assembly)
        .WithReference(backend)
        .WaitFor(backend)
        .WithEnvironment("Proxy__Routes__all__PathPrefix", "/")
        .WithEnvironment("Proxy__Routes__all__Service", "backend")
        .WithHttpsEndpoint()
        .WithEnvironment("Proxy__Tls__CertificatePath", certificates.ServerCertificate)
        .WithEnvironment("Proxy__Tls__KeyPath", certificates.ServerKey)
        // A drain must finish inside the AppHost's 10 s stop timeout.
        .WithEnvironment("Proxy__DrainWindow", "00:00:01")
        .WithEnvironment("Proxy__DrainTimeout", "00:00:05")
        .WithHttpHealthCheck("/health");

    await using var app = builder.Build();

    // Ctrl+C and SIGTERM (kill, systemd, CI) both stop the stack in order instead of ending the process at once.
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);

    await app.StartAsync(stop.Token);
    ResourceTable.Print(app.Instances);
    var replicas = app.GetInstances("backend").Select(instance => instance.Endpoints["http"]).ToList();
    await using var peers = await PeerStack.StartAsync(replicas, certificates, Path.Combine(AppContext.BaseDirectory, "peers"), loggerFactory, stop.Token);
    peers.Print();
    if (app.GetInstances("wsproxy")[0].Endpoints.TryGetValue("https", out var wss))
    {
        AppHostConsole.WriteLine($"wss:// through the proxy: wss://{wss.Authority}/ws/echo (clients trust the lab CA {certificates.CaCertificate})");
    }

    AppHostConsole.WriteLine("Press Ctrl+C to stop every resource.");
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        AppHostConsole.WriteLine("Stopping...");
    }

    await peers.DisposeAsync();
    await app.StopAsync();
    ResourceTable.Print(app.Instances);
    return app.Instances.All(instance => instance.State == ResourceState.Finished) ? 0 : 1;

    void RequestStop(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.Cancel();
    }
});

// The action handles Ctrl+C itself; System.CommandLine's own handler would end the process before the children are stopped.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
