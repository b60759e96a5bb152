using System.Text;
using static WsProxyLab.LoadTests.Compare.BadInput.BadInputProbe;

namespace WsProxyLab.LoadTests.Compare.BadInput;

/// <summary>One bad input: its name in reports and thresholds, its label in the matrix, and the probe that sends it.</summary>
internal sealed record BadInputCase(string Name, string Label, Func<MeasurementInput, CancellationToken, Task<BadInputAnswer>> Probe)
{
    /// <summary>The Origin the bad-input profile allows; handshakes from any other are refused where the target can.</summary>
    public const string AllowedOrigin = "https://lab.example";

    /// <summary>Every case, handshakes first, then frames, then the rest.</summary>
    public static IReadOnlyList<BadInputCase> All { get; } =
    [
        Handshake("hs-http10", "HTTP/1.0 upgrade", line => line.StartsWith("GET ", StringComparison.Ordinal) ? line.Replace("HTTP/1.1", "HTTP/1.0", StringComparison.Ordinal) : line),
        Handshake("hs-post", "POST upgrade", line => line.StartsWith("GET ", StringComparison.Ordinal) ? "POST" + line[3..] : line, ["Content-Length: 0"]),
        Handshake("hs-no-key", "missing Sec-WebSocket-Key", line => line.StartsWith("Sec-WebSocket-Key", StringComparison.Ordinal) ? null : line),
        Handshake("hs-short-key", "short Sec-WebSocket-Key", line => line.StartsWith("Sec-WebSocket-Key", StringComparison.Ordinal) ? "Sec-WebSocket-Key: c2hvcnQ=" : line),
        Handshake("hs-version", "Sec-WebSocket-Version 12", line => line.StartsWith("Sec-WebSocket-Version", StringComparison.Ordinal) ? "Sec-WebSocket-Version: 12" : line),
        Handshake("hs-no-host", "missing Host", line => line.StartsWith("Host:", StringComparison.Ordinal) ? null : line),
        Handshake("hs-two-hosts", "duplicate Host", line => line.StartsWith("Host:", StringComparison.Ordinal) ? line + "\r\nHost: other.example" : line),
        new("hs-absolute-uri", "absolute-form URI", (input, token) => Send(input, Head(input.Target.WebSocketBase, change: line =>
            line.StartsWith("GET ", StringComparison.Ordinal) ? $"GET http://{input.Target.WebSocketBase.Authority}/ws/echo HTTP/1.1" : line), token)),
        new("hs-content-length", "Content-Length body (smuggling)", (input, token) =>
            Send(input, Head(input.Target.WebSocketBase, extra: [$"Content-Length: {SmuggledRequest.Length}"]) + SmuggledRequest, token)),
        new("hs-chunked", "chunked body (smuggling)", (input, token) =>
            Send(input, Head(input.Target.WebSocketBase, extra: ["Transfer-Encoding: chunked"]) + "5\r\nhello\r\n0\r\n\r\n", token)),
        Handshake("hs-64k-header", "a 64 KiB header", line => line, [$"X-Big: {new string('a', 64 * 1024)}"]),
        Handshake("hs-1000-headers", "1,000 headers", line => line, [.. Enumerable.Range(0, 1000).Select(index => $"X-H{index}: {index}")]),
        Handshake("hs-nul", "NUL in a header", line => line, ["X-Nul: a\0b"]),
        new("hs-bare-lf", "bare LF line endings", (input, token) => Send(input, Head(input.Target.WebSocketBase).Replace("\r\n", "\n", StringComparison.Ordinal), token)),
        new("hs-slowloris", "slowloris (a header line a second)", (input, token) => SlowlorisAsync(input.Target.WebSocketBase, TimeSpan.FromSeconds(20), token)),
        Handshake("hs-origin", "disallowed Origin", line => line, ["Origin: https://evil.example"]),
        FrameCase("frame-unmasked", "unmasked client frame", Frame(0x81, "hello"u8.ToArray(), masked: false)),
        FrameCase("frame-opcode", "reserved opcode 3", Frame(0x83, "hello"u8.ToArray())),
        FrameCase("frame-rsv1", "RSV1 without an extension", Frame(0xC1, "hello"u8.ToArray())),
        FrameCase("frame-big-ping", "ping of 126 B", Frame(0x89, new byte[126])),
        FrameCase("frame-fragmented-ping", "fragmented ping", Frame(0x09, "ping"u8.ToArray())),
        FrameCase("frame-bad-utf8", "invalid UTF-8 text", Frame(0x81, [0xC3, 0x28])),
        FrameCase("frame-bad-utf8-reason", "invalid UTF-8 close reason", Frame(0x88, [0x03, 0xE8, 0xC3, 0x28])),
        FrameCase("frame-close-999", "close code 999", Frame(0x88, [0x03, 0xE7])),
        FrameCase("frame-2e62", "a 2^62 B length", Frame(0x82, "abcd"u8.ToArray(), claimedLength: 1UL << 62)),
        new("tls-garbage", "garbage on the TLS port", (input, token) => TlsPortAsync(input.Target.SecureWebSocketBase!, [.. Enumerable.Range(0, 512).Select(index => (byte)(index * 37))], token)),
        new("tls-plain-http", "plain HTTP on the TLS port", (input, token) =>
            TlsPortAsync(input.Target.SecureWebSocketBase!, Encoding.ASCII.GetBytes(Head(input.Target.SecureWebSocketBase!)), token)),
    ];

    // A second request hidden in the upgrade's body: a proxy that forwards the body after a 101 hands it to the backend unchecked.
    private const string SmuggledRequest = "GET /admin HTTP/1.1\r\nHost: x\r\n\r\n";

    private static BadInputCase Handshake(string name, string label, Func<string, string?> change, IEnumerable<string>? extra = null) =>
        new(name, label, (input, token) => Send(input, Head(input.Target.WebSocketBase, change: change, extra: extra), token));

    private static BadInputCase FrameCase(string name, string label, byte[] frame) =>
        new(name, label, (input, token) => FrameAsync(input.Target.WebSocketBase, frame, token));

    private static Task<BadInputAnswer> Send(MeasurementInput input, string request, CancellationToken cancellationToken) =>
        RequestAsync(input.Target.WebSocketBase, Encoding.ASCII.GetBytes(request), cancellationToken);
}
