namespace WsProxyLab.Proxy.Balancing;

/// <summary>FNV-1a (64-bit) over UTF-16 code units: the same key gives the same hash in every process and run.</summary>
internal static class StableHash
{
    public static ulong Of(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }

        // A final avalanche spreads keys that differ only in their last characters around the ring.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }
}
