namespace WsProxyLab.Troubleshooting.Doctor;

/// <summary>The opening handshake: status and time to 101, the accept key, the response headers and the extensions negotiated.</summary>
internal static class HandshakeChecks
{
    public const string Group = "Handshake";

    /// <summary>The checks, and whether a WebSocket opened (the checks after it need one).</summary>
    public static async Task<(IReadOnlyList<DoctorCheck> Checks, bool Opened)> RunAsync(DoctorOptions options, CancellationToken cancellationToken)
    {
        HandshakeResponse response;
        DoctorSocket? socket;
        try
        {
            (response, socket) = await WebSocketOpener.OpenAsync(options, cookies: null, offerDeflate: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var seen = exception is OperationCanceledException ? $"no answer within {options.StepTimeout.TotalSeconds:0} s" : exception.Message;
            return ([DoctorCheck.Fail(Group, "Upgrade", seen,
                "the endpoint accepted the connection but never answered the Upgrade: a proxy in TCP mode in front of a TLS port, a wrong port, or a backend that hangs",
                "check that the port speaks HTTP (use wss:// for TLS ports) and that the backend answers")], false);
        }

        var checks = new List<DoctorCheck>();
        var headers = $"Upgrade: {response.Header("Upgrade") ?? "(none)"}, Connection: {response.Header("Connection") ?? "(none)"}, Server: {response.Header("Server") ?? "(none)"}, X-Backend-Instance: {response.Header("X-Backend-Instance") ?? "(none)"}";
        if (socket is null)
        {
            var (cause, fix) = HandshakeDiagnosis.Explain(response, options);
            var body = response.Body.Length == 0 ? string.Empty : $"; body: '{Shorten(response.Body)}'";
            checks.Add(DoctorCheck.Fail(Group, "Upgrade", $"'{response.StatusLine}' after {TransportChecks.Milliseconds(response.Elapsed)}{body}", cause, fix));
            checks.Add(DoctorCheck.Warn(Group, "Response headers", headers, "the answer was not an upgrade; Server and X-Backend-Instance tell whether a backend was reached", null));
            return (checks, false);
        }

        await using (socket.ConfigureAwait(false))
        {
            checks.Add(DoctorCheck.Pass(Group, "Upgrade", $"'{response.StatusLine}' after {TransportChecks.Milliseconds(response.Elapsed)}"));
            checks.Add(DoctorCheck.Pass(Group, "Sec-WebSocket-Accept", "matches the key sent"));
            checks.Add(DoctorCheck.Pass(Group, "Response headers", headers));
            var extensions = response.Header("Sec-WebSocket-Extensions");
            checks.Add(DoctorCheck.Pass(Group, "Extensions", extensions is null
                ? "none negotiated (offered permessage-deflate; messages go uncompressed)"
                : $"negotiated '{extensions}'"));
            await socket.CloseAsync(options.StepTimeout).ConfigureAwait(false);
        }

        return (checks, true);
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 160 ? line : line[..160] + "…";
    }
}
