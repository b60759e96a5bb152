using System.Net.WebSockets;
using WsProxyLab.Load.Running;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.Load.Tests;

public sealed class LoadRunnerTests : IAsyncLifetime
{
    private LoopbackBackend _backend = null!;

    public async ValueTask InitializeAsync() => _backend = await LoopbackBackend.StartAsync();

    public async ValueTask DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task KeepConstant_CopiesKeepTheirConnection_AndEveryEchoIsCountedOnce()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(30));
        var sockets = new System.Collections.Concurrent.ConcurrentBag<ClientWebSocket>();
        var scenario = Scenario.Create("echo", async context =>
            {
                if (!context.Data.TryGetValue("socket", out var held))
                {
                    var opened = await Step.Run("connect", context, async () =>
                    {
                        var socket = await WebSocketTestClient.ConnectAsync(_backend.WebSocketUri("/ws/echo"), context.ScenarioCancellationToken);
                        sockets.Add(socket);
                        context.Data["socket"] = socket;
                        return Response.Ok(statusCode: "101");
                    });
                    if (opened.IsError)
                    {
                        return opened;
                    }

                    held = context.Data["socket"];
                }

                var connection = (ClientWebSocket)held;
                return await Step.Run("echo", context, async () =>
                {
                    await connection.SendTextAsync("ping", context.ScenarioCancellationToken);
                    return await connection.ReceiveTextAsync(context.ScenarioCancellationToken) == "ping" ? Response.Ok(sizeBytes: 4) : Response.Fail(message: "wrong echo");
                });
            })
            .WithoutWarmUp()
            .WithLoadSimulations(Simulation.KeepConstant(copies: 3, during: TimeSpan.FromSeconds(1)));

        var result = Assert.Single(await LoadRunner.RunAsync([scenario], cancellationToken: cancellationToken));
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        var connect = result.Steps.Single(step => step.Name == "connect");
        var echo = result.Steps.Single(step => step.Name == "echo");
        Assert.Equal(3, connect.Ok.Count);
        Assert.Equal(3, sockets.Count);
        Assert.True(echo.Ok.Count > 30, $"only {echo.Ok.Count} echoes in a second");
        Assert.Equal(0, echo.Fail.Count);
        Assert.Equal(result.Invocations.Ok.Count, echo.Ok.Count);
        Assert.Equal(echo.Ok.Count * 4, echo.Ok.Bytes);
        Assert.Null(result.StoppedBecause);
    }

    [Fact]
    public async Task Inject_StartsInvocationsAtItsRate_WhateverTheirLatency()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        // Each invocation takes 300 ms; at 20 per 100 ms a closed model with few copies could never reach 200 in a second.
        var scenario = Scenario.Create("slow", async context => await Step.Run("slow-get", context, async () =>
            {
                using var response = await http.GetAsync(_backend.HttpUri("/stream/sse?interval=300&count=2"), context.ScenarioCancellationToken);
                await response.Content.ReadAsStringAsync(context.ScenarioCancellationToken);
                return response.IsSuccessStatusCode ? Response.Ok(statusCode: ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)) : Response.Fail();
            }))
            .WithoutWarmUp()
            .WithLoadSimulations(Simulation.Inject(rate: 20, interval: TimeSpan.FromMilliseconds(100), during: TimeSpan.FromSeconds(1)));

        var result = Assert.Single(await LoadRunner.RunAsync([scenario], cancellationToken: cancellationToken));

        var step = Assert.Single(result.Steps);
        Assert.Equal(200, step.Ok.Count);
        Assert.Equal(200, step.Ok.StatusCodes["200"]);
        Assert.InRange(step.Ok.P50Microseconds, 290_000, 2_000_000);
    }

    [Fact]
    public async Task OpenInvocations_AreScheduledEvenly_AndNeverStartBeforeTheirTime()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(30));
        var starts = new System.Collections.Concurrent.ConcurrentBag<(long Scheduled, long Started)>();
        var scenario = Scenario.Create("paced", context =>
            {
                starts.Add((context.ScheduledAt, System.Diagnostics.Stopwatch.GetTimestamp()));
                return Task.FromResult(Response.Ok());
            })
            .WithoutWarmUp()
            .WithLoadSimulations(Simulation.Inject(rate: 250, interval: TimeSpan.FromSeconds(1), during: TimeSpan.FromSeconds(1)));

        var result = Assert.Single(await LoadRunner.RunAsync([scenario], cancellationToken: cancellationToken));

        var ordered = starts.OrderBy(start => start.Scheduled).ToList();
        Assert.Equal(250, result.Invocations.Ok.Count);
        Assert.Equal(250, ordered.Count);
        Assert.All(ordered, start => Assert.True(start.Started >= start.Scheduled, "an invocation started before its scheduled time"));
        var gaps = ordered.Zip(ordered.Skip(1), (earlier, later) => System.Diagnostics.Stopwatch.GetElapsedTime(earlier.Scheduled, later.Scheduled)).ToList();
        Assert.All(gaps, gap => Assert.InRange(gap.TotalMicroseconds, 3_999, 4_001));
    }

    [Fact]
    public async Task IterationsForConstant_RunsExactlyItsIterations_AfterAWarmUpThatIsNotCounted()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(30));
        var calls = 0;
        var scenario = Scenario.Create("count", async context =>
            {
                Interlocked.Increment(ref calls);
                await Task.Delay(1, context.ScenarioCancellationToken);
                return Response.Ok();
            })
            .WithWarmUpDuration(TimeSpan.FromMilliseconds(300))
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: 3, iterations: 30));

        var result = Assert.Single(await LoadRunner.RunAsync([scenario], cancellationToken: cancellationToken));

        Assert.Equal(30, result.Invocations.Ok.Count);
        Assert.True(calls >= 30, $"{calls} calls");
    }

    [Fact]
    public async Task CopiesKeepTheirDataFromTheWarmUpIntoTheRun_AndItIsDisposedAtTheEnd()
    {
        var opened = new System.Collections.Concurrent.ConcurrentBag<TrackedResource>();
        var scenario = Scenario.Create("kept", async context =>
            {
                if (!context.Data.ContainsKey("resource"))
                {
                    var resource = new TrackedResource();
                    opened.Add(resource);
                    context.Data["resource"] = resource;
                }

                await Task.Delay(5, context.ScenarioCancellationToken);
                return Response.Ok();
            })
            .WithWarmUpDuration(TimeSpan.FromMilliseconds(300))
            .WithLoadSimulations(Simulation.KeepConstant(copies: 2, during: TimeSpan.FromMilliseconds(500)));

        var result = Assert.Single(await LoadRunner.RunAsync([scenario], cancellationToken: TestContext.Current.CancellationToken));

        Assert.True(result.Invocations.Ok.Count > 10);
        Assert.Equal(2, opened.Count);
        Assert.All(opened, resource => Assert.True(resource.Disposed));
    }

    private sealed class TrackedResource : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public async Task MoreFailuresThanMaxFailCount_StopTheScenarioAndSaySo()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(30));
        var scenario = Scenario.Create("failing", _ => throw new InvalidOperationException("target unreachable"))
            .WithoutWarmUp()
            .WithMaxFailCount(5)
            .WithLoadSimulations(Simulation.KeepConstant(copies: 2, during: TimeSpan.FromSeconds(20)));

        var result = Assert.Single(await LoadRunner.RunAsync([scenario], cancellationToken: cancellationToken));

        Assert.Equal("more than 5 invocations failed (MaxFailCount)", result.StoppedBecause);
        Assert.True(result.Duration < TimeSpan.FromSeconds(10), $"the scenario ran {result.Duration} after it should have stopped");
        Assert.InRange(result.Invocations.Fail.Count, 6, 10_000);
    }

    [Fact]
    public async Task InvalidScenarios_AreRefusedBeforeAnythingRuns()
    {
        var ran = false;
        var scenario = Scenario.Create("empty", _ =>
        {
            ran = true;
            return Task.FromResult(Response.Ok());
        });

        var refused = await Assert.ThrowsAsync<ScenarioValidationException>(() => LoadRunner.RunAsync([scenario], cancellationToken: TestContext.Current.CancellationToken));

        Assert.False(ran);
        Assert.Contains("Scenario 'empty' has no load simulations", refused.Message, StringComparison.Ordinal);
    }
}
