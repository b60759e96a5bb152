using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WsProxyLab.Troubleshooting.Doctor;

namespace WsProxyLab.LoadTests.Troubleshooting;

/// <summary>
/// <c>doctor ws[s]://host:port/path [--origin O] [--ca ca.pem] [--idle 90s] [--reconnects 20] [--sse URL] [--json]</c>:
/// probes a live WebSocket endpoint and prints a checklist with the cause and fix of each problem. Exit 0 when no check
/// failed, 2 when one did, 1 for a bad argument or an unreachable host (one line saying which).
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var urlArgument = new Argument<string>("URL") { Description = "The WebSocket endpoint: ws://host:port/path or wss://…" };
        var originOption = new Option<string?>("--origin") { Description = "The Origin to send, as a browser would." };
        var caOption = new Option<string?>("--ca") { Description = "A PEM CA file that wss:// and https:// chains may end in (the lab CA)." };
        var idleOption = new Option<string>("--idle") { Description = "How long the silent, heartbeat and ping connections are held: 500ms, 60s, 2m.", DefaultValueFactory = _ => "90s" };
        var reconnectsOption = new Option<int>("--reconnects") { Description = "Reconnects with a cookie jar, to see which backend each lands on.", DefaultValueFactory = _ => 20 };
        var sseOption = new Option<string?>("--sse") { Description = "A Server-Sent Events URL behind the same proxy, checked for buffering." };
        var jsonOption = new Option<bool>("--json") { Description = "Print the checks as JSON." };

        var command = new Command("doctor", "Probes a WebSocket endpoint and prints a checklist: TCP and TLS, handshake, liveness, idle survival, stickiness, buffering, HTTP/2 (exit 0 pass, 2 a check failed, 1 bad input).")
        {
            urlArgument, originOption, caOption, idleOption, reconnectsOption, sseOption, jsonOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Options(parse, urlArgument, originOption, caOption, idleOption, reconnectsOption, sseOption) is not { } options)
            {
                return TroubleshootingExitCodes.BadInput;
            }

            DoctorReport report;
            try
            {
                report = await EndpointDoctor.RunAsync(options, TimeProvider.System, cancellationToken);
            }
            catch (EndpointUnreachableException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return TroubleshootingExitCodes.BadInput;
            }

            Console.Write(parse.GetValue(jsonOption) ? DoctorJsonOutput.Render(report) + Environment.NewLine : DoctorTextOutput.Render(report));
            return report.Failed ? TroubleshootingExitCodes.ProblemsFound : TroubleshootingExitCodes.Clean;
        });
        return command;
    }

    /// <summary>The options, or null after one line on standard error naming the bad value.</summary>
    private static DoctorOptions? Options(ParseResult parse, Argument<string> url, Option<string?> origin, Option<string?> ca, Option<string> idle, Option<int> reconnects, Option<string?> sse)
    {
        var text = parse.GetValue(url)!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var target) || target.Scheme is not ("ws" or "wss") || target.Host.Length == 0)
        {
            return Refuse($"URL is '{text}'; give a ws:// or wss:// URL such as ws://127.0.0.1:8080/ws/echo.");
        }

        if (!DurationParser.TryParse(parse.GetValue(idle)!, out var idleTime) || idleTime <= TimeSpan.Zero || idleTime > TimeSpan.FromHours(1))
        {
            return Refuse($"--idle is '{parse.GetValue(idle)}'; give a duration from 1s to 1h such as 90s or 2m.");
        }

        var count = parse.GetValue(reconnects);
        if (count is < 1 or > 1_000)
        {
            return Refuse($"--reconnects is {count}; choose from 1 to 1000.");
        }

        Uri? sseUri = null;
        if (parse.GetValue(sse) is { } sseText && (!Uri.TryCreate(sseText, UriKind.Absolute, out sseUri) || sseUri.Scheme is not ("http" or "https")))
        {
            return Refuse($"--sse is '{sseText}'; give an http:// or https:// URL of an event stream.");
        }

        X509Certificate2Collection? roots = null;
        if (parse.GetValue(ca) is { } caPath)
        {
            try
            {
                roots = [X509Certificate2.CreateFromPem(File.ReadAllText(caPath))];
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
            {
                return Refuse($"--ca is '{caPath}', which cannot be used: {exception.Message}");
            }
        }

        var originText = parse.GetValue(origin);
        if (originText is not null && (!Uri.TryCreate(originText, UriKind.Absolute, out var originUri) || originUri.Host.Length == 0))
        {
            return Refuse($"--origin is '{originText}'; give scheme://host[:port] such as https://app.example.");
        }

        return new DoctorOptions { Target = target, Origin = originText, TrustedRoots = roots, Idle = idleTime, Reconnects = count, Sse = sseUri };
    }

    private static DoctorOptions? Refuse(string message)
    {
        Console.Error.WriteLine(message);
        return null;
    }
}
