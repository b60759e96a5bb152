namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>
/// Tells streamed events from buffered ones. Each event's lateness is its arrival minus its server timestamp, less the
/// least of those (clocks need not agree); events sent over a second but arriving together are late by most of it.
/// </summary>
internal static class BufferingVerdict
{
    private const double LateMilliseconds = 250;

    /// <summary>The most any event was held back, in milliseconds; null when the events carry no timestamps.</summary>
    public static double? MaxHeldBack(IReadOnlyList<SseEvent> events)
    {
        var stamped = events.Where(sse => sse.ServerMilliseconds is not null).ToList();
        if (stamped.Count < 2)
        {
            return null;
        }

        var offsets = stamped.Select(sse => sse.ArrivedMilliseconds - sse.ServerMilliseconds!.Value).ToList();
        return offsets.Max() - offsets.Min();
    }

    public static bool Buffered(double maxHeldBack) => maxHeldBack > LateMilliseconds;
}
