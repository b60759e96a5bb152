using System.Buffers.Binary;
using System.Diagnostics;
using WsProxyLab.Load.Scenarios;

namespace WsProxyLab.LoadTests.Scenarios;

/// <summary>
/// One held connection's round trip in flight, if any: claimed by the invocation that sends, completed by the pool's
/// receive loop when the echo carrying the same sequence number has fully arrived, or by a drop or the timeout sweep.
/// An echo that arrives after its round trip gave up is read past, not taken for the next one's.
/// </summary>
internal sealed class EchoSlot
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<Response>? _pending;
    private long _sequence;
    private int _expectedBytes;
    private long _sentAt;
    private int _receivedBytes;
    private bool _messageIsCurrent;
    private bool _inMessage;

    /// <summary>Claims the slot for a round trip; null when one is already in flight.</summary>
    public Task<Response>? TryBegin(long sequence, int expectedBytes)
    {
        TaskCompletionSource<Response> pending;
        lock (_gate)
        {
            if (_pending is not null)
            {
                return null;
            }

            _pending = pending = new TaskCompletionSource<Response>();
            _sequence = sequence;
            _expectedBytes = expectedBytes;
            _sentAt = Stopwatch.GetTimestamp();
        }

        return pending.Task;
    }

    /// <summary>A frame of a received message; the message's first frame holds the sequence number it answers.</summary>
    public void Received(ReadOnlySpan<byte> frame, bool endOfMessage)
    {
        TaskCompletionSource<Response>? completed = null;
        Response? response = null;
        lock (_gate)
        {
            if (!_inMessage)
            {
                _inMessage = true;
                _receivedBytes = 0;
                _messageIsCurrent = _pending is not null && frame.Length >= sizeof(long) && BinaryPrimitives.ReadInt64LittleEndian(frame) == _sequence;
            }

            _receivedBytes += frame.Length;
            if (endOfMessage)
            {
                _inMessage = false;
                if (_messageIsCurrent)
                {
                    response = _receivedBytes == _expectedBytes
                        ? Response.Ok(sizeBytes: 2L * _expectedBytes)
                        : Response.Fail(statusCode: "wrong_echo", message: $"{_receivedBytes} bytes came back for {_expectedBytes}");
                    (completed, _pending) = (_pending, null);
                }
            }
        }

        completed?.TrySetResult(response!);
    }

    /// <summary>Ends the round trip in flight, if any, with <paramref name="response"/>.</summary>
    public void Abandon(Response response)
    {
        TaskCompletionSource<Response>? abandoned;
        lock (_gate)
        {
            (abandoned, _pending) = (_pending, null);
        }

        abandoned?.TrySetResult(response);
    }

    /// <summary>Ends the round trip in flight if it was sent before <paramref name="sentBefore"/> (a Stopwatch timestamp).</summary>
    public void AbandonIfSentBefore(long sentBefore, Response response)
    {
        TaskCompletionSource<Response>? abandoned = null;
        lock (_gate)
        {
            if (_pending is not null && _sentAt < sentBefore)
            {
                (abandoned, _pending) = (_pending, null);
            }
        }

        abandoned?.TrySetResult(response);
    }
}
