using System.Threading.Channels;

namespace Fluence.Kernel.Plugins.Libp2p.Yamux;

/// <summary>
/// One Yamux stream as a <see cref="Stream"/>. Received data waits here until read, never more than the receive
/// window (the session refuses a peer that overruns it); the window is re-opened as the reader consumes. Writes wait
/// for send window from the peer.
/// </summary>
internal sealed class YamuxStream : Stream
{
    private readonly YamuxSession _session;
    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _windowSignal = new(0);
    private readonly object _gate = new();
    private ReadOnlyMemory<byte> _current;
    private long _sendWindow = YamuxOptions.InitialWindow;
    private long _receiveWindow = YamuxOptions.InitialWindow;
    private int _consumed;
    private bool _writeClosed;
    private bool _remoteClosed;
    private bool _reset;
    private int _released;

    public YamuxStream(YamuxSession session, uint id, bool inbound)
    {
        _session = session;
        Id = id;
        IsInbound = inbound;
    }

    public uint Id { get; }
    public bool IsInbound { get; }
    public YamuxSession Session => _session;

    // Called by the session's read loop: never blocks.
    internal bool TryDeliver(byte[] data)
    {
        lock (_gate)
        {
            if (data.Length > _receiveWindow)
                return false;
            _receiveWindow -= data.Length;
        }
        if (_remoteClosed || _reset)
            return true;
        _received.Writer.TryWrite(data);
        return true;
    }

    internal void AddSendWindow(uint delta)
    {
        lock (_gate)
            _sendWindow += delta;
        _windowSignal.Release();
    }

    internal void OnRemoteClose()
    {
        _remoteClosed = true;
        _received.Writer.TryComplete();
        MaybeRelease();
    }

    internal void OnReset()
    {
        _reset = true;
        _received.Writer.TryComplete(new IOException($"yamux stream {Id} was reset"));
        _windowSignal.Release();
        Release();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_current.IsEmpty)
        {
            try
            {
                if (!await _received.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    return 0;
            }
            catch (ChannelClosedException ex)
            {
                throw ex.InnerException ?? new IOException("yamux stream closed");
            }
            if (_received.Reader.TryRead(out var next))
                _current = next;
        }
        int n = Math.Min(buffer.Length, _current.Length);
        _current.Span[..n].CopyTo(buffer.Span);
        _current = _current[n..];
        await ConsumedAsync(n).ConfigureAwait(false);
        return n;
    }

    private async ValueTask ConsumedAsync(int n)
    {
        _consumed += n;
        if (_consumed < YamuxOptions.InitialWindow / 2 || _remoteClosed || _reset)
            return;
        uint delta = (uint)_consumed;
        _consumed = 0;
        lock (_gate)
            _receiveWindow += delta;
        await _session.SendControlAsync(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.None, Id, delta)).ConfigureAwait(false);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            if (_reset)
                throw new IOException($"yamux stream {Id} was reset");
            if (_writeClosed)
                throw new IOException($"yamux stream {Id} is closed for writing");
            int chunk;
            lock (_gate)
                chunk = (int)Math.Min(Math.Min(_sendWindow, buffer.Length), _session.Options.MaxFrameSize);
            if (chunk <= 0)
            {
                await _windowSignal.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            lock (_gate)
                _sendWindow -= chunk;
            await _session.SendDataAsync(Id, YamuxFlags.None, buffer[..chunk], cancellationToken).ConfigureAwait(false);
            buffer = buffer[chunk..];
        }
    }

    /// <summary>Half-closes: sends FIN; the peer sees the end of our data, we can still read theirs.</summary>
    public async ValueTask CloseWriteAsync(CancellationToken cancellationToken = default)
    {
        if (_writeClosed || _reset)
            return;
        _writeClosed = true;
        await _session.SendDataAsync(Id, YamuxFlags.Fin, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        MaybeRelease();
    }

    /// <summary>Aborts the stream in both directions (RST).</summary>
    public void Reset()
    {
        if (_reset)
            return;
        _reset = true;
        _received.Writer.TryComplete(new IOException($"yamux stream {Id} was reset locally"));
        _windowSignal.Release();
        _session.TrySendControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, Id, 0));
        Release();
    }

    private void MaybeRelease()
    {
        if (_writeClosed && _remoteClosed)
            Release();
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            _session.Forget(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _released == 0)
        {
            // Closing a stream the remote has not finished: tell it we are done in both directions.
            if (!_writeClosed && !_reset)
            {
                _writeClosed = true;
                _session.TrySendControl(new YamuxHeader(YamuxFrameType.WindowUpdate, _remoteClosed ? YamuxFlags.Fin : YamuxFlags.Rst, Id, 0));
            }
            else if (!_remoteClosed && !_reset)
                _session.TrySendControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, Id, 0));
            _reset = true;
            _received.Writer.TryComplete();
            Release();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
