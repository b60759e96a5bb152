using System.Threading.Channels;

namespace WsProxyLab.Proxy.Tests;

/// <summary>
/// A stream double for the relay, in the shape of YARP's <c>StreamCopierTests</c> doubles: the test feeds what it reads
/// (bytes, the end of the stream, a failure), what is written to it is recorded, writes can throw or stall, and reads can
/// ignore cancellation (only disposing the stream ends them then). Every wait a test needs is a signal, never a delay.
/// </summary>
internal sealed class ScriptedStream(StreamWrites writes = StreamWrites.Record, bool readsIgnoreCancellation = false) : Stream
{
    private readonly Channel<Func<ReadOnlyMemory<byte>>> _input = Channel.CreateUnbounded<Func<ReadOnlyMemory<byte>>>();
    private readonly CancellationTokenSource _disposed = new();
    private readonly TaskCompletionSource _disposedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _writesReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<byte> _written = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _readsWaited;
    private int _writesWaited;
    private ReadOnlyMemory<byte> _pending;
    private bool _ended;
    private int _zeroByteReads;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Completes when the stream is disposed.</summary>
    public Task Disposed => _disposedSignal.Task;

    /// <summary>Zero-byte reads seen: the relay waits for data with one before it rents a buffer.</summary>
    public int ZeroByteReads => Volatile.Read(ref _zeroByteReads);

    /// <summary>Everything written so far.</summary>
    public byte[] Written
    {
        get
        {
            lock (_lock)
            {
                return [.. _written];
            }
        }
    }

    /// <summary>Makes <paramref name="bytes"/> readable.</summary>
    public void Feed(byte[] bytes) => _input.Writer.TryWrite(() => bytes);

    /// <summary>Ends the stream: reads return 0 from now on.</summary>
    public void End() => _input.Writer.TryWrite(() => ReadOnlyMemory<byte>.Empty);

    /// <summary>Makes the next read that finds no fed bytes throw <paramref name="failure"/>.</summary>
    public void Fail(Exception failure) => _input.Writer.TryWrite(() => throw failure);

    /// <summary>Lets stalled writes (and every later one) complete.</summary>
    public void ReleaseWrites() => _writesReleased.TrySetResult();

    /// <summary>Waits until at least <paramref name="count"/> bytes have been written, and returns all of them.</summary>
    public async Task<byte[]> WaitForWrittenAsync(int count, CancellationToken cancellationToken)
    {
        await WaitUntilAsync(() => _written.Count >= count, cancellationToken);
        return Written;
    }

    /// <summary>Waits until reads have waited for unfed input <paramref name="count"/> times in all.</summary>
    public Task WaitForReadsWaitingAsync(int count, CancellationToken cancellationToken) => WaitUntilAsync(() => _readsWaited >= count, cancellationToken);

    /// <summary>Waits until a write has stalled.</summary>
    public Task WaitForWriteStalledAsync(CancellationToken cancellationToken) => WaitUntilAsync(() => _writesWaited > 0, cancellationToken);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token, readsIgnoreCancellation ? CancellationToken.None : cancellationToken);
        if (_pending.IsEmpty && !_ended)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            Func<ReadOnlyMemory<byte>> next;
            try
            {
                if (!_input.Reader.TryRead(out next!))
                {
                    Changed(ref _readsWaited);
                    next = await _input.Reader.ReadAsync(wait.Token);
                }
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(ScriptedStream));
            }

            _pending = next();
            _ended = _pending.IsEmpty;
        }

        if (buffer.IsEmpty || _ended)
        {
            Interlocked.Increment(ref _zeroByteReads);
            return 0;
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        switch (writes)
        {
            case StreamWrites.Throw:
                throw new IOException("the double's write failed");
            case StreamWrites.Stall or StreamWrites.StallIgnoringCancellation when !_writesReleased.Task.IsCompleted:
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token, writes == StreamWrites.Stall ? cancellationToken : CancellationToken.None))
                {
                    Changed(ref _writesWaited);
                    try
                    {
                        await _writesReleased.Task.WaitAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
                    {
                        throw new ObjectDisposedException(nameof(ScriptedStream));
                    }
                }

                break;
        }

        lock (_lock)
        {
            _written.AddRange(buffer.Span);
            SignalChange();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the relay reads asynchronously");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the relay writes asynchronously");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (condition())
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    private void Changed(ref int counter)
    {
        lock (_lock)
        {
            counter++;
            SignalChange();
        }
    }

    /// <summary>Wakes every waiter to look again; called under the lock.</summary>
    private void SignalChange()
    {
        _changed.TrySetResult();
        _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
            _disposedSignal.TrySetResult();
        }

        base.Dispose(disposing);
    }
}
