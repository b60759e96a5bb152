using Xunit;

namespace WsProxyLab.Tests.Common;

/// <summary>
/// What a test does when a real peer (Docker, nginx, HAProxy) is missing: skip with the reason, or fail when
/// <c>WSPROXYLAB_REQUIRE_PEERS=1</c> (CI sets it), so a machine without peers can never pass CI by skipping.
/// </summary>
public static class PeerRequirement
{
    /// <summary>Whether missing peers fail tests instead of skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("WSPROXYLAB_REQUIRE_PEERS") == "1";

    /// <summary>Skips (or fails, when peers are required) with <paramref name="reason"/>.</summary>
    public static void Unavailable(string reason)
    {
        if (Required)
        {
            Assert.Fail($"{reason} (WSPROXYLAB_REQUIRE_PEERS=1: a missing peer fails instead of skipping)");
        }

        Assert.Skip(reason);
    }

    /// <summary>Skips (or fails) unless <paramref name="binary"/> exists.</summary>
    public static void RequireBinary(string binary)
    {
        if (!File.Exists(binary))
        {
            Unavailable($"{binary} is not installed (apt-get install {Path.GetFileName(binary)})");
        }
    }
}
