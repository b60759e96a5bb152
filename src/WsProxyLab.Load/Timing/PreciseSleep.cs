using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WsProxyLab.Load.Timing;

/// <summary>
/// Blocks the calling thread until a <see cref="Stopwatch"/> timestamp, to within the kernel's timer slack (about 50 µs
/// on Linux) instead of .NET's millisecond timers: a rate of 2,000 messages/s has 500 µs between sends, and a send that
/// leaves up to a millisecond late would be counted in every latency measured from the intended time. On Linux it sleeps
/// on <c>clock_nanosleep</c> against CLOCK_MONOTONIC, the clock <see cref="Stopwatch"/> reads; elsewhere it falls back
/// to <see cref="Thread.Sleep(TimeSpan)"/>.
/// </summary>
internal static partial class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int AbsoluteTime = 1;
    private const long NanosecondsPerSecond = 1_000_000_000;
    private const int SetTimerSlack = 29;
    private const nuint TightTimerSlackNanoseconds = 1_000;

    private static readonly bool NanosleepOnMonotonicClock = OperatingSystem.IsLinux() && Stopwatch.Frequency == NanosecondsPerSecond;

    /// <summary>
    /// Lets the kernel wake the calling thread within a microsecond of its deadline instead of its default slack of
    /// 50 µs (Linux' PR_SET_TIMERSLACK, per thread); for a thread that does nothing but pace sends.
    /// </summary>
    public static void TightenTimerSlackOfThisThread()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Prctl(SetTimerSlack, TightTimerSlackNanoseconds, 0, 0, 0);
        }
    }

    /// <summary>Returns at <paramref name="timestamp"/> or shortly after; at once if it has passed.</summary>
    public static void Until(long timestamp)
    {
        if (Stopwatch.GetTimestamp() >= timestamp)
        {
            return;
        }

        if (NanosleepOnMonotonicClock)
        {
            var deadline = new TimeSpec { Seconds = timestamp / NanosecondsPerSecond, Nanoseconds = timestamp % NanosecondsPerSecond };
            // A signal can end the sleep early (EINTR): sleep again to the same absolute deadline.
            while (ClockNanosleep(ClockMonotonic, AbsoluteTime, in deadline, IntPtr.Zero) != 0 && Stopwatch.GetTimestamp() < timestamp)
            {
            }

            return;
        }

        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero)
        {
            Thread.Sleep(remaining);
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, in TimeSpec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
