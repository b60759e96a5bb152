using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.Options;
using WsProxyLab.Proxy.Admin;
using WsProxyLab.Proxy.Configuration;

namespace WsProxyLab.Proxy.Diagnostics;

/// <summary>
/// Hands memory back after a burst of new tunnels. Every handshake leaves some 30 KB of garbage (request and response
/// heads, Kestrel's and the hosting layer's per-request objects), and a burst of thousands leaves the GC holding that
/// space, plus fragmentation, long after the tunnels went idle. Once the burst is over (no new tunnel for a quiet
/// period), one aggressive full GC compacts the heap and releases the free space to the operating system. It runs once
/// per burst, never while tunnels keep opening, so steady traffic pays nothing; the pause it costs is logged.
/// </summary>
internal sealed class MemoryTrimmer(TunnelRegistry registry, IOptionsMonitor<ProxyOptions> options, TimeProvider timeProvider, ILogger<MemoryTrimmer> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private ITimer? _timer;
    // Read once, where an invalid configuration fails the host's start: the trim settings are not reloaded.
    private readonly ProxyOptions _settings = options.CurrentValue;
    private long _registeredAtLastTrim;
    private long _registeredAtLastCheck;
    private long _lastChangeTimestamp;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registeredAtLastTrim = _registeredAtLastCheck = registry.Registered;
        _lastChangeTimestamp = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(_ => CheckSafely(), null, CheckInterval, CheckInterval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>A timer callback must never throw: an exception there would end the process and every tunnel with it.</summary>
    private void CheckSafely()
    {
        try
        {
            Check();
        }
        catch (Exception exception)
        {
            ProxyLog.MemoryTrimFailed(logger, exception);
        }
    }

    /// <summary>Trims when enough tunnels opened since the last trim and none for the quiet period; returns whether it did.</summary>
    internal bool Check()
    {
        // Timer callbacks may overlap while a trim's pause runs.
        if (!_lock.TryEnter())
        {
            return false;
        }

        try
        {
            return CheckLocked();
        }
        finally
        {
            _lock.Exit();
        }
    }

    private bool CheckLocked()
    {
        var settings = _settings;
        var registered = registry.Registered;
        if (registered != _registeredAtLastCheck)
        {
            _registeredAtLastCheck = registered;
            _lastChangeTimestamp = timeProvider.GetTimestamp();
            return false;
        }

        var burst = registered - _registeredAtLastTrim;
        if (settings.MemoryTrimAfterTunnels <= 0 || burst < settings.MemoryTrimAfterTunnels
            || timeProvider.GetElapsedTime(_lastChangeTimestamp) < settings.MemoryTrimQuietPeriod)
        {
            return false;
        }

        _registeredAtLastTrim = registered;
        Trim(burst);
        return true;
    }

    private void Trim(long burst)
    {
        const double Megabyte = 1024 * 1024;
        var heapBefore = GC.GetGCMemoryInfo().HeapSizeBytes;
        var workingSetBefore = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var pause = clock.Elapsed;
        var heapAfter = GC.GetGCMemoryInfo().HeapSizeBytes;
        var workingSetAfter = Environment.WorkingSet;
        ProxyLog.MemoryTrimmed(logger, burst, heapBefore / Megabyte, heapAfter / Megabyte, workingSetBefore / Megabyte, workingSetAfter / Megabyte, pause.TotalMilliseconds);
    }
}
