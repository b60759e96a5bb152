using Microsoft.Extensions.Options;

namespace WsProxyLab.Backends.Tests;

public sealed class OptionsValidationTests
{
    [Fact]
    public async Task InvalidOptions_FailStartWithEveryErrorNamed()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => LoopbackBackend.StartAsync(new Dictionary<string, string?>
        {
            ["Backend:MaxMessageBytes"] = "0",
            ["Backend:ChatReplayCapacity"] = "-5",
            ["Backend:CloseTimeout"] = "00:00:00",
        }));

        Assert.Equal(3, exception.Failures.Count());
        Assert.Contains(exception.Failures, failure => failure.Contains("Backend:MaxMessageBytes is 0", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, failure => failure.Contains("Backend:ChatReplayCapacity is -5", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, failure => failure.Contains("Backend:CloseTimeout", StringComparison.Ordinal));
    }
}
