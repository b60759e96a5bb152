using System.Globalization;
using System.Net;
using System.Text;

namespace WsProxyLab.LoadTests.Compare.Reports;

/// <summary>The compare report's charts as inline SVG: percentile curves, bars with their range, stacked shares and timelines.</summary>
internal static class SvgCharts
{
    private const int Width = 720;
    private const int Height = 220;
    private const int Left = 60;
    private const int Bottom = 30;

    private static readonly string[] Colours = ["#555555", "#d0473a", "#2f7ed8", "#3a9a4a", "#9b59b6", "#e69b00", "#17a2b8"];

    /// <summary>The colour a target is drawn in, the same on every chart.</summary>
    public static string ColourOf(IReadOnlyList<string> targets, string target) => Colours[Math.Max(0, targets.ToList().IndexOf(target)) % Colours.Length];

    /// <summary>
    /// Latency against percentile, one line per target; the x axis spreads the tail (50, 90, 99, 99.9, 99.99 at equal
    /// steps), the y axis is logarithmic.
    /// </summary>
    public static string PercentileCurves(string title, IReadOnlyList<(string Target, string Colour, IReadOnlyList<(double Percentile, double Milliseconds)> Points)> series)
    {
        var all = series.SelectMany(line => line.Points).Where(point => point.Milliseconds > 0).ToList();
        if (all.Count == 0)
        {
            return string.Empty;
        }

        var (low, high) = (Math.Log10(all.Min(point => point.Milliseconds)), Math.Log10(all.Max(point => point.Milliseconds)));
        if (high - low < 0.5)
        {
            (low, high) = (low - 0.25, high + 0.25);
        }

        const double MaxNines = 4;
        double X(double percentile) => Left + ((Width - Left - 10) * Math.Min(MaxNines, -Math.Log10(Math.Max(1e-4, 1 - (percentile / 100)))) / MaxNines);
        double Y(double milliseconds) => Height - Bottom - ((Height - Bottom - 10) * (Math.Log10(Math.Max(milliseconds, 1e-6)) - low) / (high - low));
        var svg = Open("percentile-chart", title);
        foreach (var (label, percentile) in new[] { ("p0", 0.0), ("p90", 90.0), ("p99", 99.0), ("p99.9", 99.9), ("p99.99", 99.99) })
        {
            svg.Append(Invariant($"<line x1=\"{X(percentile):0.#}\" y1=\"10\" x2=\"{X(percentile):0.#}\" y2=\"{Height - Bottom}\" stroke=\"#eee\"/><text x=\"{X(percentile):0.#}\" y=\"{Height - 12}\" font-size=\"10\" text-anchor=\"middle\">{label}</text>"));
        }

        for (var decade = Math.Ceiling(low); decade <= high; decade++)
        {
            var milliseconds = Math.Pow(10, decade);
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Y(milliseconds):0.#}\" x2=\"{Width - 10}\" y2=\"{Y(milliseconds):0.#}\" stroke=\"#eee\"/><text x=\"{Left - 4}\" y=\"{Y(milliseconds) + 3:0.#}\" font-size=\"10\" text-anchor=\"end\">{CompareFormat.Number(milliseconds)} ms</text>"));
        }

        foreach (var (target, colour, points) in series)
        {
            var path = string.Join(" ", points.Where(point => point.Milliseconds > 0).Select(point => Invariant($"{X(point.Percentile):0.#},{Y(point.Milliseconds):0.#}")));
            svg.Append(Invariant($"<polyline class=\"series\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{path}\"><title>{Encode(target)}</title></polyline>"));
        }

        AppendLegend(svg, series.Select(line => (line.Target, line.Colour)));
        return svg.Append("</svg></figure>").ToString();
    }

    /// <summary>Horizontal bars of the median per target, with a whisker over the range of the repeats.</summary>
    public static string BarsWithRange(string title, string unit, IReadOnlyList<(string Target, string Colour, FigureSummary Figure)> bars)
    {
        if (bars.Count == 0)
        {
            return string.Empty;
        }

        const int BarHeight = 18;
        var max = Math.Max(1e-9, bars.Max(bar => double.IsInfinity(bar.Figure.Max) ? bar.Figure.Median : bar.Figure.Max));
        var height = (bars.Count * (BarHeight + 6)) + 20;
        double W(double value) => (Width - 200) * Math.Min(value, max) / max;
        var svg = Open("bar-chart", title, height);
        var y = 4;
        foreach (var (target, colour, figure) in bars)
        {
            svg.Append(Invariant($"<text x=\"0\" y=\"{y + 13}\" font-size=\"11\">{Encode(target)}</text>"));
            svg.Append(Invariant($"<rect class=\"bar\" x=\"{Left + 20}\" y=\"{y}\" width=\"{Math.Max(1, W(figure.Median)):0.#}\" height=\"{BarHeight}\" fill=\"{colour}\"><title>{CompareFormat.Figure(figure)}</title></rect>"));
            if (figure.Repeats > 1)
            {
                var (from, to) = (Left + 20 + W(figure.Min), Left + 20 + W(figure.Max));
                svg.Append(Invariant($"<line x1=\"{from:0.#}\" y1=\"{y + (BarHeight / 2)}\" x2=\"{to:0.#}\" y2=\"{y + (BarHeight / 2)}\" stroke=\"#000\"/><line x1=\"{from:0.#}\" y1=\"{y + 4}\" x2=\"{from:0.#}\" y2=\"{y + BarHeight - 4}\" stroke=\"#000\"/><line x1=\"{to:0.#}\" y1=\"{y + 4}\" x2=\"{to:0.#}\" y2=\"{y + BarHeight - 4}\" stroke=\"#000\"/>"));
            }

            svg.Append(Invariant($"<text x=\"{Left + 26 + W(figure.Max):0.#}\" y=\"{y + 13}\" font-size=\"11\">{CompareFormat.Number(figure.Median)} {Encode(unit)}</text>"));
            y += BarHeight + 6;
        }

        return svg.Append("</svg></figure>").ToString();
    }

    /// <summary>One bar per target split into each key's share (connections per replica).</summary>
    public static string StackedShares(string title, IReadOnlyList<(string Target, IReadOnlyDictionary<string, long> Counts)> bars)
    {
        var keys = bars.SelectMany(bar => bar.Counts.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (bars.Count == 0 || keys.Count == 0)
        {
            return string.Empty;
        }

        const int BarHeight = 18;
        var svg = Open("distribution-chart", title, (bars.Count * (BarHeight + 6)) + 40);
        var y = 4;
        foreach (var (target, counts) in bars)
        {
            var total = Math.Max(1, counts.Values.Sum());
            double x = Left + 20;
            svg.Append(Invariant($"<text x=\"0\" y=\"{y + 13}\" font-size=\"11\">{Encode(target)}</text>"));
            foreach (var key in keys)
            {
                var width = (Width - Left - 40) * counts.GetValueOrDefault(key) / (double)total;
                svg.Append(Invariant($"<rect class=\"share\" x=\"{x:0.#}\" y=\"{y}\" width=\"{width:0.#}\" height=\"{BarHeight}\" fill=\"{Colours[(keys.IndexOf(key) + 1) % Colours.Length]}\"><title>{Encode(key)}: {counts.GetValueOrDefault(key)}</title></rect>"));
                x += width;
            }

            y += BarHeight + 6;
        }

        AppendLegend(svg, keys.Select(key => (key, Colours[(keys.IndexOf(key) + 1) % Colours.Length])), y + 14);
        return svg.Append("</svg></figure>").ToString();
    }

    /// <summary>A line over seconds with the measurements' boundaries marked.</summary>
    public static string Timeline(string title, string colour, IReadOnlyList<(string Label, IReadOnlyList<double> Values)> segments)
    {
        var values = segments.SelectMany(segment => segment.Values).ToList();
        if (values.Count < 2)
        {
            return string.Empty;
        }

        var max = Math.Max(1, values.Max());
        var step = (Width - Left - 10) / (double)(values.Count - 1);
        double Y(double value) => Height - Bottom - ((Height - Bottom - 10) * value / max);
        var svg = Open("timeline-chart", title);
        svg.Append(Invariant($"<text x=\"{Left - 4}\" y=\"14\" font-size=\"10\" text-anchor=\"end\">{CompareFormat.Number(max)} %</text><text x=\"{Left - 4}\" y=\"{Height - Bottom}\" font-size=\"10\" text-anchor=\"end\">0</text>"));
        var index = 0;
        foreach (var (label, segment) in segments)
        {
            var x = Left + (index * step);
            svg.Append(Invariant($"<line x1=\"{x:0.#}\" y1=\"10\" x2=\"{x:0.#}\" y2=\"{Height - Bottom}\" stroke=\"#ddd\"/><text x=\"{x + 2:0.#}\" y=\"{Height - 14}\" font-size=\"9\" transform=\"rotate(20 {x + 2:0.#} {Height - 14})\">{Encode(label)}</text>"));
            index += segment.Count;
        }

        var points = string.Join(" ", values.Select((value, position) => Invariant($"{Left + (position * step):0.#},{Y(value):0.#}")));
        svg.Append(Invariant($"<polyline class=\"series\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{points}\"/>"));
        return svg.Append("</svg></figure>").ToString();
    }

    private static StringBuilder Open(string kind, string title, int height = Height) =>
        new StringBuilder().Append(Invariant($"<figure><figcaption>{Encode(title)}</figcaption><svg class=\"{kind}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{Encode(title)}\">"));

    private static void AppendLegend(StringBuilder svg, IEnumerable<(string Label, string Colour)> entries, int y = 16)
    {
        var x = Left + 10;
        foreach (var (label, colour) in entries)
        {
            svg.Append(Invariant($"<rect x=\"{x}\" y=\"{y - 9}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{x + 14}\" y=\"{y}\" font-size=\"11\">{Encode(label)}</text>"));
            x += 24 + (label.Length * 7);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
