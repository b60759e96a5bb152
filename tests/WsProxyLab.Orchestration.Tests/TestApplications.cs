using Microsoft.Extensions.Logging;

namespace WsProxyLab.Orchestration.Tests;

/// <summary>Builders wired to the test output, with the backend project as a real service project.</summary>
internal static class TestApplications
{
    public static DistributedApplicationBuilder CreateBuilder() => new()
    {
        LoggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider())),
        LogSink = new TestOutputLogSink(),
    };

    public static ResourceBuilder AddBackend(this DistributedApplicationBuilder builder, int replicas = 1) =>
        builder.AddProject("backend", "WsProxyLab.Backends", typeof(TestApplications).Assembly)
            .WithReplicas(replicas)
            .WithHttpHealthCheck("/health");

    private sealed class TestOutputLogSink : IResourceLogSink
    {
        public void Write(ResourceInstance instance, string line, bool isError)
        {
            try
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"{instance.Name,-10}| {line}");
            }
            catch (InvalidOperationException)
            {
                // The test already finished.
            }
        }
    }
}
