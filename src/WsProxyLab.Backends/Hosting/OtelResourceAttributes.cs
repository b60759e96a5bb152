namespace WsProxyLab.Backends.Hosting;

/// <summary>Reads the W3C-baggage-style list in <c>OTEL_RESOURCE_ATTRIBUTES</c> (<c>key=value,key=value</c>, percent-encoded).</summary>
internal static class OtelResourceAttributes
{
    public static string? Find(string? attributes, string key)
    {
        if (string.IsNullOrWhiteSpace(attributes))
        {
            return null;
        }

        foreach (var pair in attributes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && pair[..separator].Trim() == key)
            {
                var value = Uri.UnescapeDataString(pair[(separator + 1)..].Trim());
                return value.Length > 0 ? value : null;
            }
        }

        return null;
    }
}
