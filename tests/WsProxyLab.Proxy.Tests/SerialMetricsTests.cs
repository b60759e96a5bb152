namespace WsProxyLab.Proxy.Tests;

/// <summary>
/// Tests that read exact metric values run alone: every host in a test process listens to the meters of every other
/// host with the same name, so a parallel test's counts could leak into the scrape (a test-process artefact; the
/// proxy runs as its own process).
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class SerialMetricsTests;
