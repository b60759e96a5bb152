using System.Buffers.Binary;
using System.Net.WebSockets;
using WsProxyLab.Load.Connections;

namespace WsProxyLab.Load.Tests;

/// <summary>The frames the pool writes itself: RFC 6455 headers, masking, and keys that do not repeat.</summary>
public sealed class ClientFrameTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(125, 2)]
    [InlineData(126, 4)]
    [InlineData(65_535, 4)]
    [InlineData(65_536, 10)]
    public void AFrame_HasTheLengthFormItsPayloadNeeds_AndUnmasksToThePayload(int payloadBytes, int lengthFieldEnd)
    {
        var payload = new byte[payloadBytes];
        Random.Shared.NextBytes(payload);
        var frame = new byte[ClientFrame.Length(payloadBytes)];

        var written = ClientFrame.Write(frame, ClientFrame.Binary, payload);

        Assert.Equal(frame.Length, written);
        Assert.Equal(0x82, frame[0]);
        Assert.Equal(0x80, frame[1] & 0x80);
        long declared = (frame[1] & 0x7F) switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(2)),
            127 => (long)BinaryPrimitives.ReadUInt64BigEndian(frame.AsSpan(2)),
            var length => length,
        };
        Assert.Equal(payloadBytes, declared);
        var key = frame.AsSpan(lengthFieldEnd, 4).ToArray();
        var unmasked = frame.AsSpan(lengthFieldEnd + 4).ToArray();
        for (var index = 0; index < unmasked.Length; index++)
        {
            unmasked[index] ^= key[index % 4];
        }

        Assert.Equal(payload, unmasked);
    }

    [Fact]
    public void EveryFrame_GetsItsOwnKey()
    {
        var keys = new HashSet<int>();
        var frame = new byte[ClientFrame.Length(8)];
        for (var count = 0; count < 5_000; count++)
        {
            ClientFrame.Write(frame, ClientFrame.Binary, new byte[8]);
            keys.Add(BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(2)));
        }

        // 5,000 draws from 2^32 keys: a repeat is unlikely, thousands of them mean the keys are not random.
        Assert.InRange(keys.Count, 4_990, 5_000);
    }

    [Theory]
    [InlineData(WebSocketMessageType.Text, 0)]
    [InlineData(WebSocketMessageType.Binary, 7)]
    [InlineData(WebSocketMessageType.Binary, 125)]
    [InlineData(WebSocketMessageType.Binary, 126)]
    [InlineData(WebSocketMessageType.Text, 65_535)]
    [InlineData(WebSocketMessageType.Binary, 65_536)]
    [InlineData(WebSocketMessageType.Binary, 300_001)]
    public async Task APooledSend_ComesBackFromKestrelsEchoByteForByte(WebSocketMessageType type, int size)
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(30));
        await using var backend = await LoopbackBackend.StartAsync();
        var received = new MemoryStream();
        var echoed = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pool = await ConnectionPool.OpenAsync(new SourceAddressConnector(sourceAddresses: 1), backend.WebSocketUri("/ws/echo"),
            new ConnectionPoolOptions { Count = 1 },
            (_, frame, endOfMessage) =>
            {
                received.Write(frame.Span);
                if (endOfMessage)
                {
                    echoed.TrySetResult(received.ToArray());
                }
            }, cancellationToken: cancellationToken);
        var message = new byte[size];
        Random.Shared.NextBytes(message);
        if (type == WebSocketMessageType.Text)
        {
            message.AsSpan().Fill((byte)'x');
        }

        await pool.NextOpen()!.SendAsync(message, type, cancellationToken);

        Assert.Equal(message, await echoed.Task.WaitAsync(cancellationToken));
        Assert.Empty(pool.CloseCodes);
    }

    [Fact]
    public async Task ASendCancelledBeforeItStarts_LeavesTheConnectionOpen()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var pool = await ConnectionPool.OpenAsync(new SourceAddressConnector(sourceAddresses: 1), backend.WebSocketUri("/ws/echo"),
            new ConnectionPoolOptions { Count = 1 }, cancellationToken: cancellationToken);
        var connection = pool.NextOpen()!;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await connection.SendAsync(new byte[8], WebSocketMessageType.Binary, new CancellationToken(canceled: true)));

        Assert.Equal(WebSocketState.Open, connection.Socket.State);
        await connection.SendAsync(new byte[8], WebSocketMessageType.Binary, cancellationToken);
    }

    [Fact]
    public async Task SendingOnAClosedConnection_IsRefusedWithTheSocketsState()
    {
        var cancellationToken = TestTimeouts.CreateTimer();
        await using var backend = await LoopbackBackend.StartAsync();
        await using var pool = await ConnectionPool.OpenAsync(new SourceAddressConnector(sourceAddresses: 1), backend.WebSocketUri("/ws/echo"),
            new ConnectionPoolOptions { Count = 1 }, cancellationToken: cancellationToken);
        var connection = pool.NextOpen()!;
        connection.Socket.Abort();

        var refusal = await Assert.ThrowsAsync<WebSocketException>(async () => await connection.SendAsync(new byte[8], WebSocketMessageType.Binary, cancellationToken));

        Assert.Equal(WebSocketError.InvalidState, refusal.WebSocketErrorCode);
        Assert.Contains("Aborted", refusal.Message, StringComparison.Ordinal);
    }
}
