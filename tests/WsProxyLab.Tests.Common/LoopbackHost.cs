using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WsProxyLab.Tests.Common;

/// <summary>Starts one of the lab's applications on Kestrel at 127.0.0.1 with a kernel-chosen port, logging to the test output.</summary>
public static class LoopbackHost
{
    /// <summary>
    /// Creates the application with <paramref name="create"/> (its <c>Create(args, configure)</c>), passing
    /// <paramref name="arguments"/> as command-line arguments so they are present from the start, as environment variables
    /// would be; returns it started, with its base address.
    /// </summary>
    public static async Task<(WebApplication App, Uri BaseUri)> StartAsync(
        Func<string[], Action<WebApplicationBuilder>, WebApplication> create, IEnumerable<string> arguments, bool https = false, Action<WebApplicationBuilder>? configure = null)
    {
        var app = create([.. arguments], builder =>
        {
            builder.WebHost.UseUrls(https ? "https://127.0.0.1:0" : "http://127.0.0.1:0");
            builder.Logging.ClearProviders().AddProvider(new TestOutputLoggerProvider());
            configure?.Invoke(builder);
        });
        await app.StartAsync(TestTimeouts.CreateTimer()).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    /// <summary>Configuration keys as <c>--key=value</c> arguments.</summary>
    public static IEnumerable<string> AsArguments(IReadOnlyDictionary<string, string?>? settings) =>
        (settings ?? new Dictionary<string, string?>()).Select(setting => $"--{setting.Key}={setting.Value}");
}
