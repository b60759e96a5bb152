using System.Globalization;
using System.Text.RegularExpressions;

namespace WsProxyLab.Troubleshooting.Lint.Nginx;

/// <summary>nginx's time values (<c>60</c>, <c>60s</c>, <c>1m30s</c>, <c>500ms</c>, <c>1h</c>, <c>1d</c>).</summary>
internal static partial class NginxTime
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bare))
        {
            value = TimeSpan.FromSeconds(bare);
            return true;
        }

        var parts = Part().Matches(text);
        if (parts.Count == 0 || parts.Sum(part => part.Length) != text.Length)
        {
            return false;
        }

        foreach (Match part in parts)
        {
            var number = long.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            value += part.Groups["u"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(number),
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                "d" => TimeSpan.FromDays(number),
                "w" => TimeSpan.FromDays(7 * number),
                "M" => TimeSpan.FromDays(30 * number),
                _ => TimeSpan.FromDays(365 * number),
            };
        }

        return true;
    }

    /// <summary>Seconds as nginx would write them back.</summary>
    public static string Format(TimeSpan value) => value.TotalSeconds >= 1 && value.Ticks % TimeSpan.TicksPerSecond == 0
        ? $"{(long)value.TotalSeconds}s"
        : $"{(long)value.TotalMilliseconds}ms";

    [GeneratedRegex("(?<n>[0-9]+)(?<u>ms|s|m|h|d|w|M|y)")]
    private static partial Regex Part();
}
