namespace WsProxyLab.Peers.Targets;

/// <summary>Turns a failed start into one line: the target's own error text when it printed one.</summary>
internal static class StartFailure
{
    // nginx: "nginx: [emerg] bind() to … failed (98: Address already in use)"; HAProxy: "[ALERT] … : Starting frontend …".
    private static readonly string[] ErrorMarkers = ["[emerg]", "[alert]", "[crit]", "[error]", "fail", "error", "exception"];

    public static string Describe(string? stateDetail, IReadOnlyList<string> logs)
    {
        var ownWords = ErrorMarkers
            .Select(marker => logs.LastOrDefault(line => line.Contains(marker, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(line => line is not null);
        var detail = stateDetail ?? "it did not become ready";
        return ownWords is null ? detail : $"{detail}: {ownWords.Trim()}";
    }
}
