using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace WsProxyLab.Proxy.Transport;

/// <summary>
/// A client connection taken over from Kestrel. Reads first drain what Kestrel's receive loop had already put in the
/// input pipe (frames a client sent right behind its upgrade request); once that loop has stopped and the pipe is empty,
/// reads go to the socket. Writes wait for Kestrel's send loop to put its last output (the 101) on the wire. Disposing
/// leaves the socket open: Kestrel closes it when it disposes the connection, as its own transport would.
/// </summary>
internal sealed class HandedOffClientStream(ClientSocketConnection connection, PipeReader received, SocketStream socket, Task senderStopped) : AsyncDuplexStream
{
    private bool _readsFromSocket;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_readsFromSocket)
        {
            var result = await received.ReadAsync(cancellationToken).ConfigureAwait(false);
            var data = result.Buffer;
            if (!data.IsEmpty)
            {
                var count = (int)Math.Min(buffer.Length, data.Length);
                data.Slice(0, count).CopyTo(buffer.Span);
                received.AdvanceTo(data.GetPosition(count));
                return count;
            }

            received.AdvanceTo(data.End);
            if (!connection.ReceiveHandedOff)
            {
                // The receive loop ended before the takeover: the client closed (an error was thrown by ReadAsync above).
                return 0;
            }

            _readsFromSocket = true;
        }

        return await socket.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => senderStopped.IsCompleted
        ? socket.WriteAsync(buffer, cancellationToken)
        : WriteAfterKestrelsOutputAsync(buffer, cancellationToken);

    private async ValueTask WriteAfterKestrelsOutputAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await senderStopped.WaitAsync(cancellationToken).ConfigureAwait(false);
        await socket.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }
}
