using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace WsProxyLab.Proxy.Transport;

/// <summary>
/// A client connection taken over from Kestrel. Reads first drain what Kestrel's receive loop had already put in the
/// input pipe (frames a client sent right behind its upgrade request); once that loop has stopped and the pipe is empty,
/// reads go to the socket (where a client's close the loop had already seen reads as the end again). Writes wait for
/// Kestrel's send loop to put its last output (the 101) on the wire and end. Disposing leaves the socket open: Kestrel
/// closes it when it disposes the connection, as its own transport would.
/// </summary>
internal sealed class HandedOffClientStream(PipeReader received, SocketStream socket, Task sendLoopEnded) : AsyncDuplexStream
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

            // The receive loop has stopped (a failure of the connection was thrown by ReadAsync above).
            received.AdvanceTo(data.End);
            _readsFromSocket = true;
        }

        return await socket.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => sendLoopEnded.IsCompleted
        ? socket.WriteAsync(buffer, cancellationToken)
        : WriteAfterKestrelsOutputAsync(buffer, cancellationToken);

    private async ValueTask WriteAfterKestrelsOutputAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await sendLoopEnded.WaitAsync(cancellationToken).ConfigureAwait(false);
        await socket.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }
}
