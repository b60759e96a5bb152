using System.Net.Sockets;

namespace WsProxyLab.Peers.Docker;

/// <summary>
/// Fits Testcontainers to the engine it will talk to, before its first use: Testcontainers 4.x asks for API 1.44, which
/// Debian's engine (1.41) refuses, so <c>DOCKER_API_VERSION</c> is set to the engine's highest; and Ryuk (the reaper
/// container) is disabled only when its image can be had neither locally nor from a registry. Variables the user set win.
/// </summary>
public static class TestcontainersSetup
{
    private const string RyukImage = "testcontainers/ryuk";
    private static readonly Version TestcontainersDefaultApi = new(1, 44);
    private static readonly TimeSpan RegistryProbeTimeout = TimeSpan.FromSeconds(3);
    private static readonly Lazy<Task<bool>> RegistryProbe = new(ProbeRegistryAsync);

    /// <summary>Sets the variables and returns one line per change made.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(DockerEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var changes = new List<string>();
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is null && engine.ApiVersion < TestcontainersDefaultApi)
        {
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", engine.ApiVersionText);
            changes.Add($"DOCKER_API_VERSION={engine.ApiVersionText} (the engine speaks at most {engine.ApiVersionText}; Testcontainers asks for {TestcontainersDefaultApi.ToString(2)})");
        }

        if (Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED") is null
            && !await engine.HasAnyImageAsync(RyukImage, cancellationToken).ConfigureAwait(false)
            && !await RegistryReachableAsync(cancellationToken).ConfigureAwait(false))
        {
            Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
            changes.Add("TESTCONTAINERS_RYUK_DISABLED=true (Ryuk's image is not local and no registry is reachable; the lab removes its containers itself)");
        }

        return changes;
    }

    /// <summary>
    /// Whether Docker Hub's registry answers a TCP connection: where it does, images can be pulled. Probed once per
    /// process (every container start asks).
    /// </summary>
    public static Task<bool> RegistryReachableAsync(CancellationToken cancellationToken) => RegistryProbe.Value.WaitAsync(cancellationToken);

    private static async Task<bool> ProbeRegistryAsync()
    {
        using var deadline = new CancellationTokenSource(RegistryProbeTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("registry-1.docker.io", 443, deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
