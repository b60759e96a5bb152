namespace WsProxyLab.AppHost.Tests;

/// <summary>Which process of a running lab a test kills.</summary>
public enum KilledProcess
{
    /// <summary><c>dotnet run --project AppHost</c>, the command a user starts.</summary>
    DotnetRun,

    /// <summary>The AppHost executable that <c>dotnet run</c> starts, which DCP watches.</summary>
    AppHost,
}
