using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// Chat members who resume their session with its token after losing the connection (the backends'
/// <c>/ws/chat?resume=TOKEN</c>, which only the replica that issued the token knows): a connection the target or a
/// replica ends is reconnected at once, and every member still connected at <paramref name="reconnectAt"/> drops and
/// resumes once by itself, as a page reload would. <c>join</c> counts the sessions opened (status: the replica),
/// <c>chat-drop</c> the connections ended from the other side (status: close code), and <c>resume</c> each attempt: ok
/// when the welcome says <c>resumed</c>, failed with <c>4001</c> when the replica reached did not know the token.
/// Each member keeps its own cookie jar, so a sticky cookie can bring it back to its replica.
/// </summary>
internal sealed class ChatResumeScenario(TimeSpan reconnectAt)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public const string Name = "chat-resume";

    public ScenarioProps Build(RunSettings settings)
    {
        var started = Stopwatch.GetTimestamp();
        var sockets = new ConcurrentBag<ClientWebSocket>();
        return Scenario.Create(Name, async context =>
            {
                if (!context.Data.TryGetValue("member", out var held))
                {
                    var joined = await JoinAsync(context, settings, new CookieContainer(), token: null, sockets).ConfigureAwait(false);
                    if (joined is null)
                    {
                        return Response.Fail(statusCode: "join_failed");
                    }

                    context.Data["member"] = joined;
                    return Response.Ok();
                }

                var member = (Member)held;
                var ended = await Task.WhenAny(member.Closed, Task.Delay(Poll, context.ScenarioCancellationToken)).ConfigureAwait(false) == member.Closed;
                if (ended)
                {
                    var code = HeldSocket.CloseCode(member.Socket);
                    await Step.Run("chat-drop", context, () => Task.FromResult(Response.Ok(statusCode: code))).ConfigureAwait(false);
                }
                else if (!member.Reconnected && Stopwatch.GetElapsedTime(started) >= reconnectAt)
                {
                    await member.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "reload", context.ScenarioCancellationToken).ConfigureAwait(false);
                }
                else
                {
                    return Response.Ok();
                }

                member.Socket.Dispose();
                var resumed = await JoinAsync(context, settings, member.Cookies, member.Token, sockets).ConfigureAwait(false)
                    ?? await JoinAsync(context, settings, member.Cookies, token: null, sockets).ConfigureAwait(false);
                if (resumed is null)
                {
                    context.Data.Remove("member");
                    return Response.Fail(statusCode: "join_failed");
                }

                context.Data["member"] = resumed with { Reconnected = true };
                return Response.Ok();
            })
            .WithClean(_ =>
            {
                foreach (var socket in sockets)
                {
                    socket.Dispose();
                }

                return Task.CompletedTask;
            })
            .WithWarmUpDuration(TimeSpan.Zero)
            .WithLoadSimulations(Simulation.KeepConstant(settings.Connections, settings.Duration));
    }

    /// <summary>Opens a chat session, resuming <paramref name="token"/> when given; null when it could not (the step records why).</summary>
    private static async Task<Member?> JoinAsync(IScenarioContext context, RunSettings settings, CookieContainer cookies, string? token, ConcurrentBag<ClientWebSocket> sockets)
    {
        var copy = context.ScenarioInstanceNumber.ToString(CultureInfo.InvariantCulture);
        var query = $"room=resume-{copy}&user=u{copy}{(token is null ? string.Empty : $"&resume={Uri.EscapeDataString(token)}")}";
        var socket = new ClientWebSocket();
        sockets.Add(socket);
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.Cookies = cookies;
        socket.Options.RemoteCertificateValidationCallback = settings.CertificateValidation;
        Member? member = null;
        var step = token is null ? "join" : "resume";
        await Step.Run(step, context, async () =>
        {
            try
            {
                await socket.ConnectAsync(new UriBuilder(settings.Target) { Query = query }.Uri, context.ScenarioCancellationToken).ConfigureAwait(false);
                var (closed, welcome) = await JsonMessageReader.ReceiveAsync(socket,
                    (root, _) => (Token: root.GetProperty("token").GetString()!, Resumed: root.GetProperty("resumed").GetBoolean(), Instance: root.GetProperty("instance").GetString()!),
                    context.ScenarioCancellationToken).ConfigureAwait(false);
                if (closed)
                {
                    // 4001: the replica reached did not issue the token.
                    return Response.Fail(statusCode: HeldSocket.CloseCode(socket));
                }

                member = new Member(socket, cookies, welcome.Token, WatchAsync(socket, context.ScenarioCancellationToken), Reconnected: false);
                return token is null || welcome.Resumed
                    ? Response.Ok(statusCode: token is null ? welcome.Instance : "resumed")
                    : Response.Fail(statusCode: "new_session");
            }
            catch (WebSocketException exception)
            {
                // The HTTP status when the target answered (a sticky cookie naming a stopped replica: 502, 503).
                return Response.Fail(statusCode: socket.HttpStatusCode == 0 ? "connect_failed" : ((int)socket.HttpStatusCode).ToString(CultureInfo.InvariantCulture), message: exception.Message);
            }
        }).ConfigureAwait(false);
        return member;
    }

    /// <summary>Completes when the session's connection ends: the chat sends nothing this scenario waits for.</summary>
    private static async Task WatchAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            while (!(await JsonMessageReader.ReceiveAsync(socket, (_, _) => 0, cancellationToken).ConfigureAwait(false)).Closed)
            {
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or InvalidDataException)
        {
            // Ended without a close frame, or the run is over.
        }
    }

    private sealed record Member(ClientWebSocket Socket, CookieContainer Cookies, string Token, Task Closed, bool Reconnected);
}
