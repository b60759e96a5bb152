using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Tests;

public sealed class ProxyOptionsValidationTests
{
    [Fact]
    public void InvalidOptions_EveryErrorIsNamedWithItsFix()
    {
        var options = new ProxyOptions
        {
            Routes =
            {
                ["r1"] = new RouteConfig
                {
                    PathPrefix = "ws",
                    Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = "ftp://x/y" } },
                },
                ["r2"] = new RouteConfig(),
            },
            ConnectTimeout = TimeSpan.Zero,
        };

        var result = new ProxyOptionsValidator(new ConfigurationBuilder().Build()).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, failure => failure.StartsWith("Route 'r1' has PathPrefix 'ws'", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, failure => failure.StartsWith("Route 'r1' destination 'd1' has Address 'ftp://x/y'", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, failure => failure.StartsWith("Route 'r2' has no destinations", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, failure => failure.StartsWith("Proxy:ConnectTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void NegativeMemoryTrimCount_IsRejectedSayingHowToTurnItOff()
    {
        var options = new ProxyOptions
        {
            Routes = { ["r"] = new RouteConfig { Destinations = new Dictionary<string, DestinationConfig> { ["d"] = new() { Address = "http://127.0.0.1:1" } } } },
            MemoryTrimAfterTunnels = -1,
        };

        var result = new ProxyOptionsValidator(new ConfigurationBuilder().Build()).Validate(null, options);

        Assert.Equal(["Proxy:MemoryTrimAfterTunnels is -1 and Proxy:MemoryTrimQuietPeriod is 00:00:01; the count must be 0 (off) or more and the period positive."], result.Failures!);
    }

    [Fact]
    public void NoRoutes_IsRejectedWithAnExample()
    {
        var result = new ProxyOptionsValidator(new ConfigurationBuilder().Build()).Validate(null, new ProxyOptions());

        Assert.Contains(result.Failures!, failure => failure.StartsWith("No routes are configured. Add one under Proxy:Routes", StringComparison.Ordinal));
    }

    [Fact]
    public void ServiceWithoutDiscoveryVariables_IsRejectedNamingTheVariable()
    {
        var options = new ProxyOptions { Routes = { ["r"] = new RouteConfig { Service = "backend" } } };

        var result = new ProxyOptionsValidator(new ConfigurationBuilder().Build()).Validate(null, options);

        Assert.Contains(result.Failures!, failure => failure.Contains("no services__backend__http__<index> variable is set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvalidConfiguration_FailsStart()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            LoopbackProxy.StartAsync([new Uri("http://127.0.0.1:1")], new Dictionary<string, string?> { ["Proxy:ReadTimeout"] = "-00:00:01" }));

        Assert.Contains("Proxy:ReadTimeout is -00:00:01", exception.Message);
    }
}
