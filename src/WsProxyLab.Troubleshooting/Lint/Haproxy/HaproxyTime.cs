using System.Globalization;

namespace WsProxyLab.Troubleshooting.Lint.Haproxy;

/// <summary>HAProxy's time values: a number with a unit (<c>us</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>), milliseconds without one.</summary>
internal static class HaproxyTime
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        TimeSpan? parsed = text[digits..] switch
        {
            "" or "ms" => TimeSpan.FromMilliseconds(number),
            "us" => TimeSpan.FromMicroseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            "d" => TimeSpan.FromDays(number),
            _ => null,
        };
        value = parsed ?? TimeSpan.Zero;
        return parsed is not null;
    }

    /// <summary>A readable form for messages.</summary>
    public static string Format(TimeSpan value) => value.TotalSeconds >= 1 ? $"{value.TotalSeconds:0.###} s" : $"{value.TotalMilliseconds:0.###} ms";
}
