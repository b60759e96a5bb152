using System.Diagnostics;
using System.Net.WebSockets;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// The WebSocket a copy keeps in its <see cref="IScenarioContext.Data"/>, opened by a <c>connect</c> step on its first
/// invocation and counted as a session in the scenario's k6 metrics (ended when it is found closed, or with the run).
/// </summary>
internal static class HeldSocket
{
    private const string Key = "socket";
    private const string SessionKey = "session";

    /// <summary>The copy's socket, connecting first if it has none; null when the connect step failed (already recorded).</summary>
    public static async Task<ClientWebSocket?> GetAsync(IScenarioContext context, RunSettings settings)
    {
        if (context.Data.TryGetValue(Key, out var held) && held is ClientWebSocket { State: WebSocketState.Open } open)
        {
            return open;
        }

        if (held is ClientWebSocket stale)
        {
            stale.Dispose();
            context.Data.Remove(Key);
        }

        if (context.Data.Remove(SessionKey, out var ended))
        {
            ((WebSocketSession)ended).End();
        }

        ClientWebSocket? socket = null;
        var connectStartedAt = Stopwatch.GetTimestamp();
        var connected = await Step.Run("connect", context, async () =>
        {
            socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.RemoteCertificateValidationCallback = settings.CertificateValidation;
            try
            {
                await socket.ConnectAsync(settings.Target, context.ScenarioCancellationToken).ConfigureAwait(false);
                return Response.Ok(statusCode: "101");
            }
            catch (WebSocketException exception)
            {
                var status = socket.HttpStatusCode == 0 ? "no_response" : ((int)socket.HttpStatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                socket.Dispose();
                socket = null;
                return Response.Fail(statusCode: status, message: exception.Message);
            }
        }).ConfigureAwait(false);
        if (connected.IsError || socket is null)
        {
            return null;
        }

        context.Data[Key] = socket;
        context.Data[SessionKey] = WebSocketSession.Start(context.WebSockets, connectStartedAt);
        return socket;
    }

    /// <summary>The close code a dropped socket reports: the peer's close status, or 1006 when it vanished without one.</summary>
    public static string CloseCode(ClientWebSocket socket) =>
        ((int?)socket.CloseStatus ?? 1006).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
