namespace WsProxyLab.AppHost.Tests;

/// <summary>The tests that share one running lab; xunit runs them one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedLab : ICollectionFixture<LabAppFixture>
{
    public const string Name = "lab";
}
