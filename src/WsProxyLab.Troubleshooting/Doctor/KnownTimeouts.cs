namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>The idle timeouts that cut WebSockets most often, by the time they fire, to name the likely one.</summary>
internal static class KnownTimeouts
{
    private static readonly (double Seconds, string Name)[] Known =
    [
        (30, "HAProxy's usual 'timeout client 30s' (with no 'timeout tunnel')"),
        (50, "HAProxy's sample 'timeout server 50000' (with no 'timeout tunnel')"),
        (60, "nginx's default 'proxy_read_timeout 60s' (or an AWS ALB's default 60 s idle timeout)"),
        (75, "nginx's 'keepalive_timeout 75s'"),
        (100, "Cloudflare's 100 s idle limit"),
        (350, "an AWS NLB's 350 s idle timeout"),
    ];

    /// <summary>The known timeout a cut after <paramref name="after"/> matches (within 5 % and a second), or null.</summary>
    public static string? Match(TimeSpan after)
    {
        foreach (var (seconds, name) in Known)
        {
            if (Math.Abs(after.TotalSeconds - seconds) <= Math.Max(1.0, seconds * 0.05) + 0.5)
            {
                return name;
            }
        }

        return null;
    }
}
