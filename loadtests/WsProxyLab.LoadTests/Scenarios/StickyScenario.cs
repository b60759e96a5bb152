using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.Load.Simulations;
using WsProxyLab.Load.Statistics;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// Each copy reconnects again and again with its own cookie jar, as a browser would: <c>replica</c> counts which
/// <c>X-Backend-Instance</c> served each connection, and <c>same-replica</c> is ok when it is the copy's first one
/// (status <c>same</c>) and fails otherwise (status <c>moved</c>), so <c>same-replica: fail.percent</c> is the share of moves.
/// A copy can also carry its own key header (<see cref="RunSettings.ClientIdHeader"/>) and source address
/// (<see cref="RunSettings.ClientAddresses"/>), for hash policies that balance on those instead of a cookie.
/// </summary>
internal sealed class StickyScenario : ILabScenario
{
    public string Name => "sticky";

    public string Description => "reconnect cycles with a cookie jar per client: share landing on the same X-Backend-Instance, spread over replicas";

    public IReadOnlyList<string> Schemes => ["ws", "wss"];

    public ScenarioProps Build(RunSettings settings) =>
        Scenario.Create(Name, async context =>
            {
                if (!context.Data.TryGetValue("cookies", out var jar))
                {
                    context.Data["cookies"] = jar = new CookieContainer();
                }

                string? replica = null;
                var connected = await Step.Run("replica", context, async () =>
                {
                    using var socket = new ClientWebSocket();
                    socket.Options.KeepAliveInterval = TimeSpan.Zero;
                    socket.Options.CollectHttpResponseDetails = true;
                    // With its own invoker a copy's cookies and certificate check live on the invoker's handler.
                    var invoker = ClientAddressInvoker.For(context, settings, (CookieContainer)jar);
                    if (invoker is null)
                    {
                        socket.Options.Cookies = (CookieContainer)jar;
                        socket.Options.RemoteCertificateValidationCallback = settings.CertificateValidation;
                    }

                    if (settings.ClientIdHeader is { } header)
                    {
                        socket.Options.SetRequestHeader(header, $"client-{context.ScenarioInstanceNumber}");
                    }

                    try
                    {
                        var connectStartedAt = Stopwatch.GetTimestamp();
                        if (invoker is not null)
                        {
                            await socket.ConnectAsync(settings.Target, invoker, context.ScenarioCancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            await socket.ConnectAsync(settings.Target, context.ScenarioCancellationToken).ConfigureAwait(false);
                        }

                        using var session = WebSocketSession.Start(context.WebSockets, connectStartedAt);
                        replica = socket.HttpResponseHeaders?.TryGetValue("X-Backend-Instance", out var values) == true ? values.FirstOrDefault() : null;
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, context.ScenarioCancellationToken).ConfigureAwait(false);
                        return replica is null ? Response.Fail(statusCode: "no_instance_header") : Response.Ok(statusCode: replica);
                    }
                    catch (WebSocketException exception)
                    {
                        return Response.Fail(statusCode: "connect_failed", message: exception.Message);
                    }
                }).ConfigureAwait(false);
                if (connected.IsError)
                {
                    return connected;
                }

                if (!context.Data.TryGetValue("first", out var first))
                {
                    context.Data["first"] = first = replica!;
                }

                var same = (string)first == replica;
                var verdict = await Step.Run("same-replica", context, () => Task.FromResult(same ? Response.Ok(statusCode: "same") : Response.Fail(statusCode: "moved")))
                    .ConfigureAwait(false);
                if (settings.CyclePause > TimeSpan.Zero)
                {
                    await Task.Delay(settings.CyclePause, context.ScenarioCancellationToken).ConfigureAwait(false);
                }

                return verdict;
            })
            .WithWarmUpDuration(settings.WarmUp)
            .WithLoadSimulations(Simulation.KeepConstant(settings.Connections, settings.Duration));
}
