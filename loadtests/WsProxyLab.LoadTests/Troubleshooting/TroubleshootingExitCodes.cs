namespace WsProxyLab.LoadTests.Troubleshooting;

/// <summary>What doctor and lint exit with, so either can gate a deployment or a pull request.</summary>
internal static class TroubleshootingExitCodes
{
    /// <summary>No check failed, no error found.</summary>
    public const int Clean = 0;

    /// <summary>The input could not be used: a bad URL or option, an unreachable host, a file that is no configuration.</summary>
    public const int BadInput = 1;

    /// <summary>A doctor check failed, or lint found an error.</summary>
    public const int ProblemsFound = 2;
}
