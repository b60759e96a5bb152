namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>The cookies the endpoint set, sent back on the next handshake as a browser would (name and value; attributes ignored).</summary>
internal sealed class CookieJar
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _cookies.Keys;

    public void Take(HandshakeResponse response)
    {
        foreach (var setCookie in response.Headers["Set-Cookie"])
        {
            var pair = setCookie.Split(';', 2)[0].Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Length > 0)
            {
                _cookies[pair[0].Trim()] = pair[1].Trim();
            }
        }
    }

    /// <summary>The <c>Cookie</c> header's value, or null with none.</summary>
    public string? Header() => _cookies.Count == 0 ? null : string.Join("; ", _cookies.Select(cookie => $"{cookie.Key}={cookie.Value}"));
}
