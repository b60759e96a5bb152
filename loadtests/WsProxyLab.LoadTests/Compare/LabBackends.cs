using System.Diagnostics;
using System.Globalization;
using WsProxyLab.LoadTests.Compare.Faults;
using WsProxyLab.Peers.Processes;

namespace WsProxyLab.LoadTests.Compare;

/// <summary>
/// The backend replicas every target proxies to (<c>r0</c> … as processes on loopback, each naming itself in
/// <c>X-Backend-Instance</c>; <c>r0</c> also on TLS for the direct baseline), and the lab CA with the certificate the
/// targets terminate TLS with, made by <c>WsProxyLab.Proxy certs</c>. Given a <see cref="FaultNetwork"/>, the failover
/// replica runs inside it, behind the link whose faults the fault suite makes.
/// </summary>
internal sealed class LabBackends : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private const int WarmConnections = 50;

    private readonly Dictionary<string, ServiceProcess> _replicas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Host, int Port, int? TlsPort)> _ports = new(StringComparer.Ordinal);
    private readonly FaultNetwork? _network;

    private LabBackends(string certificateDirectory, IReadOnlyList<string> replicaIds, FaultNetwork? network)
    {
        _network = network;
        CaCertificate = Path.Combine(certificateDirectory, "ca.pem");
        ServerCertificate = Path.Combine(certificateDirectory, "server.pem");
        ServerKey = Path.Combine(certificateDirectory, "server.key");
        ReplicaIds = replicaIds;
    }

    public IReadOnlyList<string> ReplicaIds { get; }

    public string CaCertificate { get; }

    public string ServerCertificate { get; }

    public string ServerKey { get; }

    /// <summary>The replica the failover measurement stops: not <c>r0</c>, which the direct baseline needs.</summary>
    public string FailoverReplica => ReplicaIds[^1];

    /// <summary>Each replica's http:// address, in id order.</summary>
    public IReadOnlyList<Uri> Upstreams => [.. ReplicaIds.Select(id => Url("http", _ports[id].Host, _ports[id].Port))];

    /// <summary>The first replica's https:// address.</summary>
    public Uri SecureUpstream => Url("https", Loopback, _ports[ReplicaIds[0]].TlsPort!.Value);

    /// <summary>The network the failover replica runs in, when the suite makes link faults.</summary>
    public FaultNetwork? Network => _network;

    public static async Task<LabBackends> StartAsync(string workDirectory, int replicas, FaultNetwork? network, CancellationToken cancellationToken)
    {
        var certificates = Path.Combine(workDirectory, "certs");
        await MakeCertificatesAsync(certificates, cancellationToken).ConfigureAwait(false);
        var backends = new LabBackends(certificates, [.. Enumerable.Range(0, replicas).Select(index => $"r{index}")], network);
        try
        {
            foreach (var id in backends.ReplicaIds)
            {
                var host = network is not null && id == backends.FailoverReplica ? network.ReplicaAddress : Loopback;
                backends._ports[id] = (host, PortAllocator.GetFreePort(), id == backends.ReplicaIds[0] ? PortAllocator.GetFreePort() : null);
                await backends.StartAgainAsync(id, cancellationToken).ConfigureAwait(false);
            }

            return backends;
        }
        catch
        {
            await backends.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops a replica gracefully (SIGTERM: its clients get a 1001 close).</summary>
    public async Task StopAsync(string id, CancellationToken cancellationToken)
    {
        if (_replicas.Remove(id, out var replica))
        {
            await replica.StopAsync(StopTimeout).WaitAsync(cancellationToken).ConfigureAwait(false);
            await replica.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Kills a replica (SIGKILL: its connections end with no close frame, no FIN before the kernel's).</summary>
    public async Task KillAsync(string id, CancellationToken cancellationToken)
    {
        if (_replicas.Remove(id, out var replica))
        {
            replica.Signal(PosixSignal.Kill);
            await replica.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await replica.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts a replica on its own ports (again, after <see cref="StopAsync"/>) and waits until it is healthy.</summary>
    public async Task StartAgainAsync(string id, CancellationToken cancellationToken)
    {
        if (_replicas.ContainsKey(id))
        {
            return;
        }

        var (host, port, tlsPort) = _ports[id];
        var urls = tlsPort is { } secure ? $"{Address("http", host, port)};{Address("https", host, secure)}" : Address("http", host, port);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = urls,
            ["Backend__InstanceId"] = id,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Kestrel__Certificates__Default__Path"] = ServerCertificate,
            ["Kestrel__Certificates__Default__KeyPath"] = ServerKey,
        };
        var replica = ServiceProcess.StartProject($"backend-{id}", "WsProxyLab.Backends", typeof(LabBackends).Assembly, environment, [],
            host == Loopback ? null : _network!.Namespace);
        _replicas[id] = replica;
        if (await replica.WaitHealthyAsync(new Uri(Url("http", host, port), "/health"), StartupTimeout, cancellationToken).ConfigureAwait(false) is { } whyNot)
        {
            throw new InvalidOperationException($"Backend replica {id} did not start: {whyNot}; last log lines: {string.Join(" | ", replica.RecentLogs.TakeLast(5))}");
        }
    }

    /// <summary>
    /// Opens and echoes on a few dozen WebSockets straight to a replica just started, so that its first handshakes
    /// through a target are not slow enough (JIT, cold pools) to fail a proxy's connect timeout and have the replica
    /// marked down (nginx's <c>max_fails</c>) for the next measurement.
    /// </summary>
    public async Task WarmAsync(string id, CancellationToken cancellationToken)
    {
        var (host, port, _) = _ports[id];
        var target = new Uri(Address("ws", host, port) + "/ws/echo");
        await Task.WhenAll(Enumerable.Range(0, WarmConnections).Select(async _ =>
        {
            using var socket = new System.Net.WebSockets.ClientWebSocket();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartupTimeout);
            await socket.ConnectAsync(target, timeout.Token).ConfigureAwait(false);
            await socket.SendAsync("warm"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, endOfMessage: true, timeout.Token).ConfigureAwait(false);
            await socket.ReceiveAsync(new byte[64], timeout.Token).ConfigureAwait(false);
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "warm", timeout.Token).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    private static async Task MakeCertificatesAsync(string directory, CancellationToken cancellationToken)
    {
        var (command, prefix) = ServiceProjectCatalog.GetLaunchCommand("WsProxyLab.Proxy", typeof(LabBackends).Assembly);
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in prefix.Concat(["certs", "--out", directory]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"WsProxyLab.Proxy certs failed ({process.ExitCode}): {await output.ConfigureAwait(false)}{await errors.ConfigureAwait(false)}");
        }
    }

    private const string Loopback = "127.0.0.1";

    private static string Address(string scheme, string host, int port) => string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host}:{port}");

    private static Uri Url(string scheme, string host, int port) => new(Address(scheme, host, port));

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _replicas.Keys.ToList())
        {
            await StopAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
