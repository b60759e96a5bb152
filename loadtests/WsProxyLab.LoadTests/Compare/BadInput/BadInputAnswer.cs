namespace WsProxyLab.LoadTests.Compare.BadInput;

/// <summary>How a target answered a bad input.</summary>
internal enum AnswerKind
{
    /// <summary>An HTTP status line (a refusal with its status, or a 101 that let the input through).</summary>
    Status,

    /// <summary>A WebSocket close frame with its code.</summary>
    Close,

    /// <summary>A TLS alert record.</summary>
    TlsAlert,

    /// <summary>The frame came back: the path echoed it without objecting.</summary>
    Echoed,

    /// <summary>The connection was closed or reset without a word.</summary>
    Dropped,

    /// <summary>Nothing within the probe's time: the target holds the connection and says nothing.</summary>
    Silent,
}

/// <summary>What a target answered one bad input: the kind, the code (status, close code) where there is one, and the text reports show.</summary>
internal sealed record BadInputAnswer(AnswerKind Kind, int Code, string Text)
{
    /// <summary>A status or a close code, or a TLS alert: the client is told what went wrong.</summary>
    public bool Explicit => Kind is AnswerKind.Status or AnswerKind.Close or AnswerKind.TlsAlert;

    public static BadInputAnswer Status(int status, string line) => new(AnswerKind.Status, status, line);

    public static BadInputAnswer Close(int code, string reason) =>
        new(AnswerKind.Close, code, reason.Length == 0 ? $"close {code}" : $"close {code} \"{reason}\"");

    public static BadInputAnswer Dropped(string how) => new(AnswerKind.Dropped, 0, how);

    public static BadInputAnswer Silent(TimeSpan waited) => new(AnswerKind.Silent, 0, $"no answer in {waited.TotalSeconds:0} s");
}
