namespace WsProxyLab.Orchestration.Tests;

public sealed class ModelValidationTests
{
    [Fact]
    public void Build_InvalidModel_ListsEveryError()
    {
        var builder = new DistributedApplicationBuilder();
        var a = builder.AddExecutable("a", "/bin/true", null);
        var b = builder.AddExecutable("b", "/bin/true", null).WaitFor(a);
        a.WaitFor(b);
        builder.AddExecutable("A", "/bin/true", null).WithHttpHealthCheck();

        var exception = Assert.Throws<InvalidOperationException>(() => builder.Build());

        Assert.Contains("Resource name 'a' is used 2 times", exception.Message);
        Assert.Contains("Resource 'a' waits for itself", exception.Message);
        Assert.Contains("Resource 'A' has an HTTP health check but no http endpoint", exception.Message);
    }

    [Fact]
    public void AddProject_NotReferencedAsServiceProject_SaysHowToReferenceIt()
    {
        var builder = new DistributedApplicationBuilder();

        var exception = Assert.Throws<InvalidOperationException>(() => builder.AddProject("x", "WsProxyLab.Missing", typeof(ModelValidationTests).Assembly));

        Assert.Contains("IsServiceProject=\"true\"", exception.Message);
    }
}
