using System.Globalization;
using Spectre.Console;
using WsProxyLab.Load.Running;

namespace WsProxyLab.LoadTests;

/// <summary>
/// What the run is doing, every second: in a terminal a live table (Spectre.Console), otherwise one plain line per
/// second, so logs of CI runs stay readable.
/// </summary>
internal static class LiveView
{
    /// <summary>Runs <paramref name="run"/>, showing each second it reports.</summary>
    public static async Task<T> ShowAsync<T>(Func<Action<string, TimelineSample>, Task<T>> run)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await run((scenario, sample) => Console.WriteLine(Line(scenario, sample))).ConfigureAwait(false);
        }

        var table = new Table().AddColumns("scenario", "second", "held", "in flight", "ok/s", "msgs in/s", "failed/s", "p99 ms", "generator CPU %");
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        var gate = new Lock();
        T result = default!;
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            result = await run((scenario, sample) =>
            {
                lock (gate)
                {
                    string[] cells =
                    [
                        Markup.Escape(scenario), Invariant(sample.Second), Invariant(sample.ConnectionsHeld), Invariant(sample.InFlight), Invariant(sample.Ok),
                        Invariant(sample.MessagesReceived), Invariant(sample.Failed),
                        Milliseconds(sample.P99Microseconds), sample.GeneratorCpuPercent.ToString("0", CultureInfo.InvariantCulture),
                    ];
                    if (rows.TryGetValue(scenario, out var row))
                    {
                        for (var column = 0; column < cells.Length; column++)
                        {
                            table.UpdateCell(row, column, cells[column]);
                        }
                    }
                    else
                    {
                        rows[scenario] = table.Rows.Count;
                        table.AddRow(cells);
                    }

                    context.Refresh();
                }
            }).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result;
    }

    private static string Line(string scenario, TimelineSample sample) => string.Create(CultureInfo.InvariantCulture,
        $"{scenario} {sample.Second,4}s  held {sample.ConnectionsHeld}  in flight {sample.InFlight}  ok/s {sample.Ok}  msgs in/s {sample.MessagesReceived}  failed/s {sample.Failed}  p99 {Milliseconds(sample.P99Microseconds)} ms  generator CPU {sample.GeneratorCpuPercent:0} %");

    private static string Milliseconds(long microseconds) => (microseconds / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
