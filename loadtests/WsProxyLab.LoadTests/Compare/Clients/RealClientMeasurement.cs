using System.Globalization;
using WsProxyLab.Load.Scenarios;
using WsProxyLab.LoadTests.Compare.Measurements;
using WsProxyLab.LoadTests.Scenarios;

namespace WsProxyLab.LoadTests.Compare.Clients;

/// <summary>
/// One real client's session through the target, closed by the client (4001 "client done", which the server's reply
/// must carry back) or by the server (1000 "sent 1 messages"), while held connections echo beside it: does the close
/// end with the code that was sent, on both sides.
/// </summary>
internal sealed class RealClientMeasurement(RealClient client, ClientTransport transport, CloseSide side) : IMatrixMeasurement
{
    private const int ServerCode = 1000;

    private FaultClock _clock = new();
    private ClientSession? _session;

    public string Name => string.Create(CultureInfo.InvariantCulture, $"client-{ClientName}-{TransportName}-{(side == CloseSide.Client ? "client" : "server")}-close");

    public string Concern => "Real clients";

    public string Matrix => "Real-client closes";

    public string Case => $"{ClientLabel}, {TransportLabel}, {(side == CloseSide.Client ? "client closes" : "server closes")}";

    public string Description => $"{Case}: the close ends with the code that was sent on both sides";

    /// <summary>The base profile: a browser sends its page's Origin, which the bad-input profile refuses.</summary>
    public ProfileVariant Variant => ProfileVariant.Default;

    public string LatencyStep => "echo";

    private int ExpectedCode => side == CloseSide.Client ? RealClientSessions.ClientCode : ServerCode;

    private string ClientName => client switch { RealClient.Chromium => "chromium", RealClient.WebsocketClient => "wsclient", _ => "node" };

    private string ClientLabel => client switch { RealClient.Chromium => "Chromium", RealClient.WebsocketClient => "Websocket.Client", _ => "Node ws" };

    private string TransportName => transport switch { ClientTransport.Ws => "ws", ClientTransport.Wss => "wss", _ => "h2" };

    private string TransportLabel => transport switch { ClientTransport.Ws => "ws://", ClientTransport.Wss => "wss:// HTTP/1.1", _ => "wss:// HTTP/2" };

    /// <summary>Every client over every transport, each close side.</summary>
    public static IEnumerable<RealClientMeasurement> All() =>
        from client in Enum.GetValues<RealClient>()
        from transport in Enum.GetValues<ClientTransport>()
        from side in Enum.GetValues<CloseSide>()
        select new RealClientMeasurement(client, transport, side);

    public string? WhyNotApplicable(string target) => transport != ClientTransport.WssHttp2 ? RealClientSessions.Missing(client) : client switch
    {
        RealClient.NodeWs => "Node's ws speaks HTTP/1.1 only",
        _ when target == CompareTargets.Nginx => "nginx 1.22 cannot take WebSockets over HTTP/2 (RFC 8441)",
        _ => RealClientSessions.Missing(client),
    };

    public IReadOnlyList<ScenarioProps> Build(MeasurementInput input)
    {
        (_clock, _session) = (new FaultClock(), null);
        var echo = new RunSettings(input.WebSocket("/ws/echo"), Connections: 20, Rate: 20, input.Scale.MessageBytes, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), RoomSize: 1, TimeSpan.Zero, input.CertificateValidation);
        return [new FaultEchoScenario(_clock, faultedReplica: null, TimeSpan.FromSeconds(5)).Build(echo)];
    }

    public async Task AlongsideAsync(MeasurementInput input, CancellationToken cancellationToken)
    {
        _clock.ExpectLoadEnd(TimeSpan.FromSeconds(4));
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        _session = await RealClientSessions.RunAsync(client, transport, side, input, CancellationToken.None).ConfigureAwait(false);
    }

    public IReadOnlyList<Figure> Figures(MeasurementOutput output)
    {
        var session = _session ?? ClientSession.Failed("the session did not run");
        var figures = new List<Figure>
        {
            new("as_sent", session.Code == ExpectedCode && session.Received ? 1 : 0, "yes/no"),
            new("code", session.Code ?? 0, "close code"),
            new("http2", session.Protocol == "HTTP/2" ? 1 : 0, "yes/no"),
            new("lost", output.Step("echo").Fail.Count, "msgs"),
        };
        if (output.Input.Target.ProcessId is { } processId)
        {
            figures.Add(new Figure("target_exited", Directory.Exists($"/proc/{processId}") ? 0 : 1, "processes"));
        }

        return figures;
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Distributions(MeasurementOutput output) =>
        new Dictionary<string, IReadOnlyDictionary<string, long>> { ["session"] = new Dictionary<string, long> { [Describe(_session ?? ClientSession.Failed("the session did not run"))] = 1 } };

    public string? Answer(CellResult cell) =>
        cell.Runs.Count == 0 || cell.Runs[0].Distributions.GetValueOrDefault("session") is not { Count: > 0 } session ? null : session.Keys.First();

    private string Describe(ClientSession session)
    {
        if (session.Error is not null && session.Code is null)
        {
            return $"failed: {session.Error}";
        }

        var verdict = session.Code == ExpectedCode && session.Received ? "as sent" : $"expected {ExpectedCode}";
        var reason = session.Reason.Length == 0 ? string.Empty : $" \"{session.Reason}\"";
        return string.Create(CultureInfo.InvariantCulture, $"{session.Code}{reason} ({verdict}{(session.Protocol is { } protocol ? $", {protocol}" : string.Empty)})");
    }
}
