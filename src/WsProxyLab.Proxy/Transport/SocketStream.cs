using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace WsProxyLab.Proxy.Transport;

/// <summary>
/// A connected TCP socket as a relay leg: like <see cref="NetworkStream"/>, but on a non-blocking socket whose writes are
/// tried at once (<see cref="NonBlockingSend"/>), and with pooled state for reads that wait.
/// </summary>
internal sealed class SocketStream : AsyncDuplexStream
{
    private readonly Socket _socket;
    private readonly bool _ownsSocket;

    public SocketStream(Socket socket, bool ownsSocket)
    {
        _socket = socket;
        _ownsSocket = ownsSocket;
        _socket.Blocking = false;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException exception)
        {
            throw new IOException($"Unable to read data from the transport connection: {exception.Message}", exception);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        NonBlockingSend.SendAsync(_socket, buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsSocket)
        {
            _socket.Dispose();
        }

        base.Dispose(disposing);
    }
}
