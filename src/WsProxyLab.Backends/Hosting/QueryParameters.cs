using System.Globalization;

namespace WsProxyLab.Backends.Hosting;

/// <summary>Reads query values with a range, producing an error that names the parameter and the accepted range.</summary>
public static class QueryParameters
{
    /// <summary>An integer parameter; absent means <paramref name="defaultValue"/>.</summary>
    public static bool TryGetInt(HttpRequest request, string name, int min, int max, int defaultValue, out int value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);

        var raw = request.Query[name].ToString();
        if (raw.Length == 0)
        {
            value = defaultValue;
            error = null;
            return true;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            error = null;
            return true;
        }

        error = $"query parameter '{name}' is '{raw}'; expected an integer from {min} to {max}";
        return false;
    }

    /// <summary>An optional count parameter; absent means unbounded (null).</summary>
    public static bool TryGetOptionalInt(HttpRequest request, string name, int min, int max, out int? value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);

        if (request.Query[name].ToString().Length == 0)
        {
            value = null;
            error = null;
            return true;
        }

        var ok = TryGetInt(request, name, min, max, 0, out var parsed, out error);
        value = ok ? parsed : null;
        return ok;
    }

    /// <summary>An optional non-negative 64-bit value (sequence numbers); absent means null.</summary>
    public static bool TryGetOptionalLong(HttpRequest request, string name, out long? value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);

        var raw = request.Query[name].ToString();
        value = null;
        error = null;
        if (raw.Length == 0)
        {
            return true;
        }

        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = $"query parameter '{name}' is '{raw}'; expected an integer from 0 to {long.MaxValue}";
        return false;
    }

    /// <summary>A required name of 1-64 letters, digits, '-', '_' or '.'.</summary>
    public static bool TryGetName(HttpRequest request, string name, out string value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);

        value = request.Query[name].ToString();
        if (value.Length == 0)
        {
            error = $"query parameter '{name}' is required";
            return false;
        }

        if (value.Length > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            error = $"query parameter '{name}' is '{value}'; expected 1 to 64 letters, digits, '-', '_' or '.'";
            return false;
        }

        error = null;
        return true;
    }
}
