using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace WsProxyLab.Peers.Docker;

/// <summary>
/// The local Docker engine as the lab finds it: reachable or not (and why), the highest API version it speaks, and the
/// host PID of a container's main process. Talks to the engine's Unix socket directly, so it works before Testcontainers
/// is configured for the engine's API version.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    private const string DefaultSocket = "/var/run/docker.sock";
    private const string ApiVersionField = "ApiVersion";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _client;

    private DockerEngine(string socketPath, HttpClient client, Version apiVersion, string engineVersion)
    {
        SocketPath = socketPath;
        _client = client;
        ApiVersion = apiVersion;
        EngineVersion = engineVersion;
    }

    /// <summary>The engine's Unix socket.</summary>
    public string SocketPath { get; }

    /// <summary>The highest API version the engine speaks (Debian's engine 20.10: 1.41).</summary>
    public Version ApiVersion { get; }

    /// <summary>The engine's own version.</summary>
    public string EngineVersion { get; }

    /// <summary>Connects to the engine named by <c>DOCKER_HOST</c> (a <c>unix://</c> socket) or the default socket; returns why not when it cannot.</summary>
    public static async Task<(DockerEngine? Engine, string? WhyNot)> ConnectAsync(CancellationToken cancellationToken)
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (host is { Length: > 0 } && !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            return (null, $"DOCKER_HOST is '{host}'; the lab talks to a local engine through a unix:// socket");
        }

        return await ConnectAsync(host is { Length: > 0 } ? host["unix://".Length..] : DefaultSocket, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects to the engine listening on <paramref name="socketPath"/>; returns why not when it cannot.</summary>
    public static async Task<(DockerEngine? Engine, string? WhyNot)> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return (null, $"no Docker engine: {socketPath} does not exist (apt-get install docker.io, then start dockerd)");
        }

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = ProbeTimeout };
        try
        {
            using var version = await client.GetFromJsonAsync<JsonDocument>("version", cancellationToken).ConfigureAwait(false);
            var api = version!.RootElement.GetProperty(ApiVersionField).GetString()!;
            var engine = version.RootElement.GetProperty("Version").GetString()!;
            return (new DockerEngine(socketPath, client, Version.Parse(api), engine), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            client.Dispose();
            return (null, $"no Docker engine answers on {socketPath}: {exception.Message}");
        }
    }

    /// <summary>Whether any tag of <paramref name="repository"/> is present locally.</summary>
    public async Task<bool> HasAnyImageAsync(string repository, CancellationToken cancellationToken)
    {
        var filter = Uri.EscapeDataString($"{{\"reference\":[\"{repository}\"]}}");
        using var images = await _client.GetFromJsonAsync<JsonDocument>($"images/json?filters={filter}", cancellationToken).ConfigureAwait(false);
        return images!.RootElement.GetArrayLength() > 0;
    }

    /// <summary>The ids and values of every container (running or not) that carries <paramref name="label"/>.</summary>
    public async Task<IReadOnlyList<(string Id, string Value)>> ListContainersWithLabelAsync(string label, CancellationToken cancellationToken)
    {
        var filter = Uri.EscapeDataString($"{{\"label\":[\"{label}\"]}}");
        using var containers = await _client.GetFromJsonAsync<JsonDocument>($"containers/json?all=true&filters={filter}", cancellationToken).ConfigureAwait(false);
        return [.. containers!.RootElement.EnumerateArray().Select(container =>
            (container.GetProperty("Id").GetString()!, container.GetProperty("Labels").GetProperty(label).GetString() ?? string.Empty))];
    }

    /// <summary>Removes a container, stopping it first if it runs.</summary>
    public async Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        using var response = await _client.DeleteAsync($"containers/{containerId}?force=true", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            throw new HttpRequestException($"Removing container {containerId} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    /// <summary>Whether a container exists (running or not).</summary>
    public async Task<bool> ContainerExistsAsync(string containerId, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync($"containers/{containerId}/json", cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    /// <summary>The host PID of a running container's main process.</summary>
    public async Task<int?> GetMainProcessIdAsync(string containerId, CancellationToken cancellationToken)
    {
        using var inspect = await _client.GetFromJsonAsync<JsonDocument>($"containers/{containerId}/json", cancellationToken).ConfigureAwait(false);
        var pid = inspect!.RootElement.GetProperty("State").GetProperty("Pid").GetInt32();
        return pid > 0 ? pid : null;
    }

    /// <summary>The API version as Docker clients write it (<c>1.41</c>).</summary>
    public string ApiVersionText => ApiVersion.ToString(2).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
