using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using WsProxyLab.Peers.Profiles;
using WsProxyLab.Peers.Targets;
using WsProxyLab.Proxy.Tls;

[assembly: AssemblyFixture(typeof(WsProxyLab.Peers.Tests.PeerLab))]

namespace WsProxyLab.Peers.Tests;

/// <summary>
/// Three real backend replicas (r0, r1, r2) on loopback, a fourth serving TLS for the direct baseline, and the lab CA
/// with a server certificate: every target in the tests proxies to these.
/// </summary>
public sealed class PeerLab : IAsyncLifetime
{
    private readonly List<LoopbackBackend> _replicas = [];
    private LoopbackBackend? _secureReplica;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("wsproxylab-peers-").FullName;

    public LabCertificates.Files Certificates { get; private set; } = null!;

    public IReadOnlyList<string> ReplicaIds { get; } = ["r0", "r1", "r2"];

    /// <summary>The working profile over the three replicas, with TLS and generous timeouts.</summary>
    public ProxyProfile Profile { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Certificates = LabCertificates.Create(Path.Combine(Directory, "certs"));
        foreach (var id in ReplicaIds)
        {
            _replicas.Add(await LoopbackBackend.StartAsync(new Dictionary<string, string?> { ["Backend:InstanceId"] = id }));
        }

        using var certificate = X509Certificate2.CreateFromPemFile(Certificates.ServerCertificate, Certificates.ServerKey);
        var serverCertificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        _secureReplica = await LoopbackBackend.StartAsync(
            new Dictionary<string, string?> { ["Backend:InstanceId"] = "r0-tls" },
            builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = serverCertificate)),
            https: true);
        Profile = new ProxyProfile
        {
            Upstreams = [.. _replicas.Select(replica => replica.BaseUri)],
            Tls = new ProfileTls(Certificates.ServerCertificate, Certificates.ServerKey),
            MaxConnections = 1000,
        };
    }

    /// <summary>Starts <paramref name="kind"/> with <paramref name="profile"/> (the lab's by default); skips, or fails under WSPROXYLAB_REQUIRE_PEERS=1, when this machine cannot run it.</summary>
    public async Task<IPeerTarget> StartAsync(TargetKind kind, ProxyProfile? profile = null)
    {
        var output = TestContext.Current.TestOutputHelper;
        var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider()));
        var target = PeerTargets.Create(kind, profile ?? Profile, new PeerTargetOptions
        {
            WorkDirectory = Path.Combine(Directory, Guid.NewGuid().ToString("N")),
            LoggerFactory = loggerFactory,
            DirectSecureUpstream = _secureReplica!.BaseUri,
        });
        try
        {
            await target.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (PeerUnavailableException unavailable)
        {
            await target.DisposeAsync();
            PeerRequirement.Unavailable(unavailable.Message);
        }

        output?.WriteLine($"{target.Name} started: {target.WebSocketBase}, {target.SecureWebSocketBase}, pid {target.ProcessId}, container {target.ContainerId}");
        return new LoggedTarget(target, output);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        if (_secureReplica is not null)
        {
            await _secureReplica.DisposeAsync();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
