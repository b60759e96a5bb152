namespace WsProxyLab.Orchestration.Model;

/// <summary>How a resource is launched.</summary>
public enum ResourceKind
{
    /// <summary>A .NET service project of this repository, started from its build output with Aspire's ASP.NET Core environment.</summary>
    Project,

    /// <summary>Any executable with arguments.</summary>
    Executable,
}
