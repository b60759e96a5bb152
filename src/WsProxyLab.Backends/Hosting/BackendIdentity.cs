using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace WsProxyLab.Backends.Hosting;

/// <summary>The replica's stable id, resolved once: configured value, then Aspire's <c>service.instance.id</c>, then the listening port.</summary>
public sealed class BackendIdentity
{
    /// <summary>The response header that names the replica a client reached.</summary>
    public const string HeaderName = "X-Backend-Instance";

    private readonly Lazy<string> _instanceId;

    /// <summary>Creates the identity; the port fallback is read lazily because the server binds after construction.</summary>
    public BackendIdentity(IOptions<BackendOptions> options, IConfiguration configuration, IServer server)
    {
        _instanceId = new Lazy<string>(() =>
            NonEmpty(options.Value.InstanceId)
            ?? OtelResourceAttributes.Find(configuration["OTEL_RESOURCE_ATTRIBUTES"], "service.instance.id")
            ?? FromPort(server)
            ?? $"backend-pid{Environment.ProcessId}");
    }

    /// <summary>The id sent in <see cref="HeaderName"/>.</summary>
    public string InstanceId => _instanceId.Value;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? FromPort(IServer server)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address is not null && Uri.TryCreate(address.Replace("*", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Port > 0
            ? $"backend-{uri.Port}"
            : null;
    }
}
