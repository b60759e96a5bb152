using System.Globalization;
using System.Text.RegularExpressions;

namespace WsProxyLab.LoadTests;

/// <summary>Reads durations as k6 writes them: <c>500ms</c>, <c>60s</c>, <c>2m</c>, <c>1h</c>.</summary>
internal static partial class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Duration().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        duration = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromHours(value),
        };
        return true;
    }

    [GeneratedRegex(@"^(?<value>\d+(?:\.\d+)?)(?<unit>ms|s|m|h)$")]
    private static partial Regex Duration();
}
