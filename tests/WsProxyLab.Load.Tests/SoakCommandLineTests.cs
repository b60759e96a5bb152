using System.Text.Json;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.Load.Tests;

/// <summary><c>soak</c> as a user runs it, shortened to a minute: wsproxy and a real nginx at once, read every minute.</summary>
public sealed class SoakCommandLineTests
{
    [Fact]
    public async Task AMinuteThroughWsproxyAndNginx_SamplesBoth_ListsEveryHeldTunnel_AndLeavesNoneBehind()
    {
        PeerRequirement.RequireBinary(PeerTargets.NginxBinary);
        using var reports = new TemporaryDirectory();

        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromMinutes(4), null,
            "soak", "--minutes", "1", "--held", "50", "--rate", "50", "--churn", "2", "--targets", "wsproxy,nginx", "--report-dir", reports.Path);

        Assert.True(exitCode == 0, output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reports.Path, "soak.json"), TestContext.Current.CancellationToken));
        var targets = json.RootElement.GetProperty("targets").EnumerateArray().ToDictionary(target => target.GetProperty("target").GetString()!);
        Assert.Equal(["wsproxy", "nginx"], targets.Keys);
        foreach (var (name, target) in targets)
        {
            Assert.True(target.GetProperty("minutes").GetArrayLength() >= 2, name);
            Assert.True(target.GetProperty("echoesOk").GetInt64() > 1_000, name);
            Assert.Equal(0, target.GetProperty("echoesLost").GetInt64());
            Assert.Equal(0, target.GetProperty("cut").GetInt64());
            Assert.True(target.GetProperty("handshakes").GetInt64() > 50, name);
            Assert.All(target.GetProperty("minutes").EnumerateArray(), minute => Assert.True(minute.GetProperty("openFiles").GetInt32() >= 100, minute.ToString()));
        }

        // The proxy lists the held tunnels (and a churn connection or two in flight), and none once every client is gone.
        Assert.All(targets["wsproxy"].GetProperty("minutes").EnumerateArray(), minute => Assert.InRange(minute.GetProperty("tunnels").GetInt32(), 50, 55));
        Assert.Equal(0, targets["wsproxy"].GetProperty("tunnelsLeftAfter").GetInt32());
        Assert.True(targets["wsproxy"].GetProperty("minutes")[0].GetProperty("gcPauseSeconds").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Null, targets["nginx"].GetProperty("tunnelsLeftAfter").ValueKind);
        var markdown = await File.ReadAllTextAsync(Path.Combine(reports.Path, "soak.md"), TestContext.Current.CancellationToken);
        Assert.Contains("| wsproxy |", markdown, StringComparison.Ordinal);
        // A slope that rounds to zero prints as 0, not "-+0.0".
        Assert.DoesNotContain("-+", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--minutes", "0", "--minutes is 0; choose from 1 to 600.")]
    [InlineData("--held", "20000", "--held is 20000; choose from 1 to 9000")]
    [InlineData("--targets", "wsproxy,apache", "--targets names 'apache'")]
    public async Task BadOptions_Exit1_NamingTheValue(string option, string value, string message)
    {
        var (exitCode, output) = await LoadRunnerProcess.RunAsync(TimeSpan.FromSeconds(60), null, "soak", option, value);

        Assert.True(exitCode == 1, output);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }
}
