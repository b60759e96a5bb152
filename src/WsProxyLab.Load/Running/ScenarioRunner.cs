using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;
using WsProxyLab.Load.Statistics;
using WsProxyLab.Load.Thresholds;
using WsProxyLab.Load.Timing;

namespace WsProxyLab.Load.Running;

/// <summary>
/// Runs one scenario: init, warm-up (statistics discarded), the measured load, clean. Closed simulations are run by
/// numbered copies that each loop invocations while their number is below the wanted count; open ones start
/// invocations at their due times without waiting for earlier ones, and measure each from its due time.
/// </summary>
internal sealed class ScenarioRunner(ScenarioProps scenario, ILogger logger, Action<string, TimelineSample>? onSecond = null)
{
    private static readonly TimeSpan ControlInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ThresholdCheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CancellationCheckInterval = TimeSpan.FromMilliseconds(50);

    // A copy keeps its data (its connection) from the warm-up into the measured run, as NBomber's copies do.
    private readonly ConcurrentDictionary<int, Dictionary<string, object>> _copyData = new();

    public async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        var recorder = new StatsRecorder();
        var webSockets = new WebSocketMetrics();
        var initContext = new ScenarioInitContext(scenario.Name, logger, cancellationToken) { Recorder = recorder, WebSockets = webSockets };
        if (scenario.Init is not null)
        {
            await scenario.Init(initContext).ConfigureAwait(false);
            // An init that opened thousands of connections left their handshakes' garbage in a grown heap: compact it and
            // give the memory back before the load, so the generator's own figures (and the target's) start clean.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        ScenarioResult result;
        try
        {
            if (scenario.WarmUp > TimeSpan.Zero)
            {
                using var warmUp = new LoadPass(scenario, logger, new StatsRecorder(), webSockets, scenario.WarmUp, _copyData);
                await warmUp.RunAsync(cancellationToken).ConfigureAwait(false);
            }

            webSockets.RestartMessageCounts();
            var clock = Stopwatch.StartNew();
            var timeline = new TimelineSampler(webSockets, onSecond is null ? null : sample => onSecond(scenario.Name, sample));
            using var measured = new LoadPass(scenario, logger, recorder, webSockets, limit: null, _copyData, timeline);
            var stoppedBecause = await measured.RunAsync(cancellationToken).ConfigureAwait(false);
            result = ToResult(scenario.Name, recorder, clock.Elapsed, stoppedBecause) with { Timeline = timeline.Samples };
        }
        finally
        {
            await DisposeCopyDataAsync().ConfigureAwait(false);
            if (scenario.Clean is not null)
            {
                await scenario.Clean(initContext).ConfigureAwait(false);
            }
        }

        // After the clean, so sessions still open at the end are in ws_session_duration, ended with the run as k6's are.
        result = result with { WebSockets = webSockets.Snapshot(result.Duration) };
        return result with
        {
            Thresholds = [.. scenario.Thresholds.Select(threshold => threshold.Evaluate(result))],
            Invalid = GeneratorHealth.WhySaturated(result.Timeline, Environment.ProcessorCount),
        };
    }

    /// <summary>What copies kept in their data (connections) is disposed when the scenario ends.</summary>
    private async Task DisposeCopyDataAsync()
    {
        foreach (var value in _copyData.Values.SelectMany(data => data.Values))
        {
            switch (value)
            {
                case Task:
                    // A copy's background work (a receive loop) ends with the run's cancellation; a Task is not disposed.
                    break;
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        _copyData.Clear();
    }

    private static ScenarioResult ToResult(string name, StatsRecorder recorder, TimeSpan duration, string? stoppedBecause)
    {
        var all = recorder.Snapshot(duration);
        var key = LoadPass.InvocationKey(name);
        var invocations = all.FirstOrDefault(stats => stats.Name == key) ?? StatsRecorder.Empty(key);
        return new ScenarioResult(name, duration, invocations with { Name = name }, [.. all.Where(stats => stats.Name != key)], stoppedBecause);
    }

    /// <summary>One pass of the scenario's simulations (the warm-up, or the measured run).</summary>
    private sealed class LoadPass(
        ScenarioProps scenario, ILogger logger, StatsRecorder recorder, WebSocketMetrics webSockets, TimeSpan? limit, ConcurrentDictionary<int, Dictionary<string, object>> copyData, TimelineSampler? timeline = null)
        : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private long _invocations;
        private long _failedInvocations;
        private string? _stoppedBecause;
        private int _wantedCopies;
        private long _iterationBudget = long.MaxValue;

        /// <summary>The scenario's own figures are kept under a key no step name can take.</summary>
        public static string InvocationKey(string scenarioName) => "\0" + scenarioName;

        public async Task<string?> RunAsync(CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            if (limit is { } duration)
            {
                linked.CancelAfter(duration);
            }

            var token = linked.Token;
            var checks = limit is null && scenario.Thresholds.Any(threshold => threshold.AbortWhenErrorCount is not null)
                ? CheckThresholdsAsync(token)
                : Task.CompletedTask;
            var sampling = timeline is null ? Task.CompletedTask : SampleTimelineAsync(timeline, token);
            var inFlight = scenario.LoadSimulations.Any(simulation => simulation.Model == SimulationModel.Open)
                ? await RunOpenAsync(token).ConfigureAwait(false)
                : await RunClosedAsync(token).ConfigureAwait(false);
            // Invocations under way when the load ends may finish; what is still running after the grace is cancelled and not counted.
            if (await Task.WhenAny(inFlight, Task.Delay(InFlightGrace, CancellationToken.None)).ConfigureAwait(false) != inFlight)
            {
                await linked.CancelAsync().ConfigureAwait(false);
            }

            await inFlight.ConfigureAwait(false);
            await _stop.CancelAsync().ConfigureAwait(false);
            await checks.ConfigureAwait(false);
            await sampling.ConfigureAwait(false);
            timeline?.Sample();
            return _stoppedBecause;
        }

        public void Dispose() => _stop.Dispose();

        /// <summary>Every second after each threshold's StartCheckAfter, checks it on the figures so far; too many failed checks stop the scenario.</summary>
        private async Task CheckThresholdsAsync(CancellationToken token)
        {
            var clock = Stopwatch.StartNew();
            var failedChecks = new Dictionary<Threshold, int>();
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(ThresholdCheckInterval, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (token.IsCancellationRequested)
                {
                    return;
                }

                var soFar = ToResult(scenario.Name, recorder, clock.Elapsed, null) with { WebSockets = webSockets.Snapshot(clock.Elapsed) };
                foreach (var threshold in scenario.Thresholds.Where(threshold => threshold.AbortWhenErrorCount is not null && clock.Elapsed >= threshold.StartCheckAfter))
                {
                    if (!threshold.Evaluate(soFar).Passed && (failedChecks[threshold] = failedChecks.GetValueOrDefault(threshold) + 1) >= threshold.AbortWhenErrorCount)
                    {
                        Stop(string.Create(CultureInfo.InvariantCulture, $"threshold '{threshold.Description}' failed {failedChecks[threshold]} checks (AbortWhenErrorCount)"));
                        return;
                    }
                }
            }
        }

        private static async Task SampleTimelineAsync(TimelineSampler timeline, CancellationToken token)
        {
            using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await ticks.WaitForNextTickAsync(token).ConfigureAwait(false))
                {
                    timeline.Sample();
                }
            }
            catch (OperationCanceledException)
            {
                // The run ended; its last part is sampled by the caller.
            }
        }

        private void Stop(string reason)
        {
            if (Interlocked.CompareExchange(ref _stoppedBecause, reason, null) is null)
            {
                _stop.Cancel();
            }
        }

        private async Task<Task> RunClosedAsync(CancellationToken token)
        {
            var copies = new List<Task>();
            foreach (var phase in SimulationPlan.Closed(scenario.LoadSimulations))
            {
                if (phase.Iterations is { } iterations)
                {
                    Volatile.Write(ref _iterationBudget, iterations);
                    SetCopies(copies, phase.ToCopies, token);
                    await Task.WhenAll(copies).WaitAsync(token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    Volatile.Write(ref _iterationBudget, long.MaxValue);
                    continue;
                }

                var started = Stopwatch.StartNew();
                while (!token.IsCancellationRequested && started.Elapsed < phase.Duration)
                {
                    SetCopies(copies, phase.CopiesAt(started.Elapsed), token);
                    await Task.Delay(ControlInterval, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            Volatile.Write(ref _wantedCopies, 0);
            return Task.WhenAll(copies);
        }

        private void SetCopies(List<Task> copies, int wanted, CancellationToken token)
        {
            Volatile.Write(ref _wantedCopies, wanted);
            for (var index = 0; index < wanted; index++)
            {
                if (index == copies.Count)
                {
                    copies.Add(Task.CompletedTask);
                }

                if (copies[index].IsCompleted)
                {
                    var copyIndex = index;
                    copies[index] = Task.Run(() => CopyLoopAsync(copyIndex, token), CancellationToken.None);
                }
            }
        }

        private async Task CopyLoopAsync(int copyIndex, CancellationToken token)
        {
            var data = copyData.GetOrAdd(copyIndex, _ => new Dictionary<string, object>(StringComparer.Ordinal));
            while (!token.IsCancellationRequested && copyIndex < Volatile.Read(ref _wantedCopies) && Interlocked.Decrement(ref _iterationBudget) >= 0)
            {
                await InvokeAsync(copyIndex + 1, data, Stopwatch.GetTimestamp(), token).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Starts invocations at their due times from a thread of its own that sleeps precisely between them (see
        /// <see cref="PreciseSleep"/>); each invocation runs on that thread until its first await, so a send leaves on time.
        /// </summary>
        private Task<Task> RunOpenAsync(CancellationToken token)
        {
            var paced = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
            var pacer = new Thread(() =>
            {
                try
                {
                    paced.SetResult(PaceOpenInvocations(token));
                }
                catch (Exception exception)
                {
                    paced.SetException(exception);
                }
            })
            {
                IsBackground = true,
                Name = $"{scenario.Name} pacer",
            };
            pacer.Start();
            return paced.Task;
        }

        private Task PaceOpenInvocations(CancellationToken token)
        {
            PreciseSleep.TightenTimerSlackOfThisThread();
            var inFlight = new InFlightInvocations();
            var start = Stopwatch.GetTimestamp();
            var injection = 0;
            foreach (var tick in SimulationPlan.Open(scenario.LoadSimulations))
            {
                for (var index = 0; index < tick.Count; index++)
                {
                    var due = start + ToTimestampTicks(tick.DueAt(index));
                    if (!SleepUntil(due, token))
                    {
                        return inFlight.EndedAsync();
                    }

                    var instance = ++injection;
                    inFlight.Track(InvokeAsync(instance, data: null, due, token));
                }
            }

            SleepUntil(start + ToTimestampTicks(SimulationPlan.Duration(scenario.LoadSimulations)), token);
            return inFlight.EndedAsync();
        }

        /// <summary>Sleeps in slices short enough to notice the end of the run; false when it ended first.</summary>
        private static bool SleepUntil(long timestamp, CancellationToken token)
        {
            var slice = ToTimestampTicks(CancellationCheckInterval);
            while (!token.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                if (now >= timestamp)
                {
                    return true;
                }

                PreciseSleep.Until(Math.Min(timestamp, now + slice));
            }

            return false;
        }

        private static long ToTimestampTicks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);

        /// <summary>Runs one invocation; its latency counts from <paramref name="due"/>, when the plan meant it to start.</summary>
        private async Task InvokeAsync(int instance, Dictionary<string, object>? data, long due, CancellationToken token)
        {
            var context = new ScenarioContext(scenario.Name, instance, Interlocked.Increment(ref _invocations), due, data, logger, recorder, webSockets, token);
            timeline?.Started();
            Response response;
            try
            {
                response = await scenario.Run(context).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Cut off by the end of the run: neither a success nor a failure of the target.
                timeline?.Ended(TimeSpan.Zero, failed: false, counted: false);
                return;
            }
            catch (Exception exception)
            {
                response = Response.Fail(message: $"{exception.GetType().Name}: {exception.Message}");
            }

            var latency = Stopwatch.GetElapsedTime(due);
            recorder.Record(InvocationKey(scenario.Name), response, latency);
            timeline?.Ended(latency, response.IsError);
            if (response.IsError && Interlocked.Increment(ref _failedInvocations) > scenario.MaxFailCount)
            {
                Stop(string.Create(CultureInfo.InvariantCulture, $"more than {scenario.MaxFailCount} invocations failed (MaxFailCount)"));
            }
        }
    }
}
