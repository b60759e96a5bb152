using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace WsProxyLab.Proxy.Transport;

/// <summary>The receive and send loops, with the error mapping of Kestrel's socket transport.</summary>
internal sealed partial class ClientSocketConnection
{
    private async Task ReceiveLoopAsync()
    {
        var input = _application.Output;
        Exception? error = null;
        var handedOff = false;
        try
        {
            while (true)
            {
                // Checked on both sides of the wait: a takeover during the wait must not cost the tunnel the bytes that
                // ended it, so the loop leaves them in the socket.
                if (_handoffRequested)
                {
                    handedOff = true;
                    break;
                }

                await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
                if (_handoffRequested)
                {
                    handedOff = true;
                    break;
                }

                var received = await _socket.ReceiveAsync(input.GetMemory(MinReceiveBufferBytes), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }

                input.Advance(received);
                var flushed = await input.FlushAsync().ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (SocketException exception) when (IsReset(exception.SocketErrorCode))
        {
            error = new ConnectionResetException(exception.Message, exception);
        }
        catch (Exception exception) when (exception is ObjectDisposedException || exception is SocketException { SocketErrorCode: var code } && IsAbort(code))
        {
            error = _abortReason ?? new ConnectionAbortedException("The connection was closed by the server.", exception);
        }
        catch (SocketException exception)
        {
            error = new IOException(exception.Message, exception);
        }
        finally
        {
            input.Complete(error);
            if (!handedOff)
            {
                FireConnectionClosed();
            }
        }
    }

    private async Task SendLoopAsync()
    {
        var output = _application.Input;
        var handedOff = false;
        try
        {
            while (true)
            {
                var result = await output.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    await NonBlockingSend.SendAsync(_socket, segment, CancellationToken.None).ConfigureAwait(false);
                }

                output.AdvanceTo(buffer.End);
                if (_handoffRequested)
                {
                    handedOff = true;
                    break;
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            // The client is gone or the connection was aborted; Kestrel learns it from the input side, as with its own transport.
        }
        finally
        {
            if (!handedOff)
            {
                // As in Kestrel: the application's output is complete (or the socket failed), so the connection ends.
                CloseSocket();
                output.Complete();
                _application.Output.CancelPendingFlush();
            }
        }
    }

    private static bool IsReset(SocketError code) =>
        code is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted;

    private static bool IsAbort(SocketError code) =>
        code is SocketError.OperationAborted or SocketError.Interrupted or SocketError.InvalidArgument;
}
