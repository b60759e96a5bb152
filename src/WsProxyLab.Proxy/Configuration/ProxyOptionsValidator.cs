using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Balancing;

namespace WsProxyLab.Proxy.Configuration;

/// <summary>Reports every invalid proxy setting at once, each naming the item and the fix.</summary>
internal sealed class ProxyOptionsValidator(IConfiguration configuration) : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var errors = new List<string>();
        if (options.Routes.Count == 0)
        {
            errors.Add("No routes are configured. Add one under Proxy:Routes, e.g. Proxy:Routes:ws:PathPrefix=/ws and Proxy:Routes:ws:Destinations:d1:Address=http://127.0.0.1:5001.");
        }

        foreach (var (routeId, route) in options.Routes)
        {
            if (!route.PathPrefix.StartsWith('/'))
            {
                errors.Add($"Route '{routeId}' has PathPrefix '{route.PathPrefix}'; it must start with '/'. Set it to '/' to match all requests.");
            }

            if (route.LoadBalancingPolicy == LoadBalancingPolicy.ConsistentHash && !IsValidHashKey(route.HashKey))
            {
                errors.Add($"Route '{routeId}' uses ConsistentHash with HashKey '{route.HashKey}'; set it to header:NAME, cookie:NAME or query:NAME.");
            }

            if (route.LoadBalancingPolicy == LoadBalancingPolicy.StickyCookie
                && (route.AffinityCookieName.Length == 0 || !route.AffinityCookieName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                errors.Add($"Route '{routeId}' has AffinityCookieName '{route.AffinityCookieName}'; use letters, digits, '-', '_' or '.'.");
            }

            foreach (var origin in route.AllowedOrigins.Where(origin => !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.PathAndQuery != "/" || origin.EndsWith('/')))
            {
                errors.Add($"Route '{routeId}' allows origin '{origin}'; write origins as scheme://host[:port] with no path or trailing slash.");
            }

            if (route.PassiveHealth.MaxFails < 0 || route.PassiveHealth.FailTimeout <= TimeSpan.Zero)
            {
                errors.Add($"Route '{routeId}' has PassiveHealth MaxFails {route.PassiveHealth.MaxFails} and FailTimeout {route.PassiveHealth.FailTimeout}; use MaxFails 0 (off) or more and a positive FailTimeout.");
            }

            if (route.ActiveHealth.Interval < TimeSpan.Zero || route.ActiveHealth.Timeout <= TimeSpan.Zero || !route.ActiveHealth.Path.StartsWith('/'))
            {
                errors.Add($"Route '{routeId}' has ActiveHealth Interval {route.ActiveHealth.Interval}, Timeout {route.ActiveHealth.Timeout}, Path '{route.ActiveHealth.Path}'; use an Interval of zero (off) or more, a positive Timeout and a Path starting with '/'.");
            }

            if (route.MaxMessageBytes < 0 || (route.MaxMessageBytes > 0 && route.Mode != RelayMode.Frames))
            {
                errors.Add($"Route '{routeId}' has MaxMessageBytes {route.MaxMessageBytes} in mode {route.Mode}; a limit needs Mode Frames, and it must be 0 (no limit) or positive.");
            }

            var destinations = RouteDestinations.Resolve(route, configuration);
            if (destinations.Count == 0)
            {
                errors.Add(string.IsNullOrWhiteSpace(route.Service)
                    ? $"Route '{routeId}' has no destinations. Add Proxy:Routes:{routeId}:Destinations:<name>:Address, or Proxy:Routes:{routeId}:Service."
                    : $"Route '{routeId}' uses service '{route.Service}', but no services__{route.Service}__{route.Endpoint}__<index> variable is set.");
            }

            foreach (var (destinationId, address) in destinations)
            {
                if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
                {
                    errors.Add($"Route '{routeId}' destination '{destinationId}' has Address '{address}'; use http://host:port or https://host:port with no path.");
                }
            }
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Proxy:ConnectTimeout is {options.ConnectTimeout}; set a positive time span such as 00:00:05.");
        }

        if (options.HandshakeTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Proxy:HandshakeTimeout is {options.HandshakeTimeout}; set a positive time span such as 00:00:10.");
        }

        if (options.KeepAlivePing.Interval < TimeSpan.Zero || options.KeepAlivePing.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"Proxy:KeepAlivePing has Interval {options.KeepAlivePing.Interval} and Timeout {options.KeepAlivePing.Timeout}; use an Interval of zero (off) or more and a positive Timeout.");
        }

        if (options.MaxTunnels < 0 || options.MaxTunnelsPerClient < 0)
        {
            errors.Add($"Proxy:MaxTunnels is {options.MaxTunnels} and Proxy:MaxTunnelsPerClient is {options.MaxTunnelsPerClient}; set each to 0 (no limit) or a positive count.");
        }

        if (options.MaxRequestHeadersBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"Proxy:MaxRequestHeadersBytes is {options.MaxRequestHeadersBytes}; set it between 1024 and 1048576.");
        }

        if (options.RetryAfterSeconds is < 0 or > 3600)
        {
            errors.Add($"Proxy:RetryAfterSeconds is {options.RetryAfterSeconds}; set it between 0 and 3600.");
        }

        if (options.DrainWindow < TimeSpan.Zero || options.DrainTimeout <= TimeSpan.Zero || options.DrainWindow > options.DrainTimeout)
        {
            errors.Add($"Proxy:DrainWindow is {options.DrainWindow} and Proxy:DrainTimeout is {options.DrainTimeout}; the window must be zero or more and no longer than the positive timeout.");
        }

        if (options.MemoryTrimAfterTunnels < 0 || options.MemoryTrimQuietPeriod <= TimeSpan.Zero)
        {
            errors.Add($"Proxy:MemoryTrimAfterTunnels is {options.MemoryTrimAfterTunnels} and Proxy:MemoryTrimQuietPeriod is {options.MemoryTrimQuietPeriod}; the count must be 0 (off) or more and the period positive.");
        }

        var tls = options.Tls;
        if (tls.PfxPath is not null && tls.CertificatePath is not null)
        {
            errors.Add("Proxy:Tls has both PfxPath and CertificatePath; configure one of them.");
        }

        if (tls.CertificatePath is not null && tls.KeyPath is null)
        {
            errors.Add("Proxy:Tls:CertificatePath is set without Proxy:Tls:KeyPath; set the PEM key file too.");
        }

        foreach (var file in new[] { tls.PfxPath, tls.CertificatePath, tls.KeyPath, options.UpstreamTls.CaPath }.OfType<string>().Where(file => !File.Exists(file)))
        {
            errors.Add($"Proxy:Tls file '{file}' does not exist. Generate a lab CA and certificate with: WsProxyLab.Proxy certs --out DIR.");
        }

        if (options.SendTimeout <= TimeSpan.Zero || options.IdleTimeout < TimeSpan.Zero)
        {
            errors.Add($"Proxy:SendTimeout is {options.SendTimeout} and Proxy:IdleTimeout is {options.IdleTimeout}; the send timeout must be positive, the idle timeout zero (off) or positive.");
        }

        if (options.ReadTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Proxy:ReadTimeout is {options.ReadTimeout}; set a positive time span such as 00:01:00.");
        }

        if (options.MaxResponseHeadBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"Proxy:MaxResponseHeadBytes is {options.MaxResponseHeadBytes}; set it between 1024 and 1048576.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsValidHashKey(string? hashKey)
    {
        var separator = hashKey?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return separator > 0 && separator < hashKey!.Length - 1 && hashKey[..separator] is "header" or "cookie" or "query";
    }
}
