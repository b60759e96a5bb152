namespace WsProxyLab.Peers.Profiles;

/// <summary>Where a consistent-hash key is read from: <c>header:NAME</c>, <c>cookie:NAME</c> or <c>query:NAME</c>.</summary>
/// <param name="Kind">header, cookie or query.</param>
/// <param name="Name">The header, cookie or query parameter name.</param>
public sealed record HashKeySource(string Kind, string Name)
{
    /// <summary>Parses a key; null when it is not one of the three forms.</summary>
    public static HashKeySource? TryParse(string? key)
    {
        var separator = key?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (separator <= 0 || separator == key!.Length - 1)
        {
            return null;
        }

        var kind = key[..separator].ToLowerInvariant();
        var name = key[(separator + 1)..];
        return kind is "header" or "cookie" or "query" && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? new HashKeySource(kind, name) : null;
    }
}
