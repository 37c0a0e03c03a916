using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;
using Fluence.Kernel.Plugins.Libp2p.Wire;

namespace Fluence.Kernel.Plugins.Libp2p.Yamux;

/// <summary>
/// A Yamux session (<c>/yamux/1.0.0</c>) over a secured connection. The dialer opens odd stream ids, the listener
/// even ones. One read loop demultiplexes frames and never blocks on a stream; control frames the read loop must
/// answer (acks, pongs, resets) go through a bounded queue, so a peer that stops reading is cut off rather than
/// buffered for.
/// </summary>
internal sealed class YamuxSession : IAsyncDisposable
{
    public const string ProtocolId = "/yamux/1.0.0";

    private readonly IDuplexPipe _pipe;
    private readonly Action<YamuxStream> _onInboundStream;
    private readonly ConcurrentDictionary<uint, YamuxStream> _streams = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<YamuxHeader> _control;
    private readonly CancellationTokenSource _closed = new();
    private readonly ConcurrentDictionary<uint, TaskCompletionSource> _pings = new();
    private readonly TaskCompletionSource<Exception?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _isClient;
    private int _nextStreamId;
    private int _inboundCount;
    private int _outboundCount;
    private int _refusedStreams;
    private int _pingId;
    private bool _goingAway;
    private Task? _readLoop;
    private Task? _controlLoop;

    public YamuxSession(IDuplexPipe pipe, bool isClient, YamuxOptions options, Action<YamuxStream> onInboundStream)
    {
        _pipe = pipe;
        _isClient = isClient;
        Options = options;
        _onInboundStream = onInboundStream;
        _nextStreamId = isClient ? 1 : 2;
        _control = Channel.CreateBounded<YamuxHeader>(new BoundedChannelOptions(options.MaxPendingControlFrames) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public YamuxOptions Options { get; }

    /// <summary>Completes when the session ends; the result is the error that ended it, or null for a clean close.</summary>
    public Task<Exception?> Completion => _completion.Task;

    public bool IsClosed => _closed.IsCancellationRequested;

    public int ActiveStreams => _streams.Count;

    public void Start()
    {
        _readLoop = Task.Run(ReadLoopAsync);
        _controlLoop = Task.Run(ControlLoopAsync);
    }

    public async Task<YamuxStream> OpenStreamAsync(CancellationToken cancellationToken)
    {
        if (IsClosed || _goingAway)
            throw new IOException("yamux session is closed");
        if (Interlocked.Increment(ref _outboundCount) > Options.MaxOutboundStreams)
        {
            Interlocked.Decrement(ref _outboundCount);
            throw new IOException($"yamux: {Options.MaxOutboundStreams} outbound streams already open");
        }
        uint id = (uint)(Interlocked.Add(ref _nextStreamId, 2) - 2);
        var stream = new YamuxStream(this, id, inbound: false);
        _streams[id] = stream;
        try
        {
            await WriteFrameAsync(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, id, 0), default, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Forget(stream);
            throw;
        }
        return stream;
    }

    /// <summary>Round trip of a yamux ping.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken)
    {
        uint id = (uint)Interlocked.Increment(ref _pingId);
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pings[id] = pong;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await WriteFrameAsync(new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Syn, 0, id), default, cancellationToken).ConfigureAwait(false);
            await pong.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }
        finally
        {
            _pings.TryRemove(id, out _);
        }
    }

    internal Task SendDataAsync(uint id, YamuxFlags flags, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        WriteFrameAsync(new YamuxHeader(YamuxFrameType.Data, flags, id, (uint)data.Length), data, cancellationToken);

    internal async ValueTask SendControlAsync(YamuxHeader header)
    {
        try
        {
            await _control.Writer.WriteAsync(header, _closed.Token).ConfigureAwait(false);
        }
        catch (Exception) when (IsClosed)
        {
        }
    }

    /// <summary>Queues a control frame from a path that must not wait; a full queue means the peer stopped reading.</summary>
    internal void TrySendControl(YamuxHeader header)
    {
        if (IsClosed)
            return;
        if (!_control.Writer.TryWrite(header))
            Close(new Libp2pProtocolException($"yamux: peer is not reading ({Options.MaxPendingControlFrames} control frames pending)"));
    }

    internal void Forget(YamuxStream stream)
    {
        if (_streams.TryRemove(new KeyValuePair<uint, YamuxStream>(stream.Id, stream)))
        {
            if (stream.IsInbound)
                Interlocked.Decrement(ref _inboundCount);
            else
                Interlocked.Decrement(ref _outboundCount);
        }
    }

    private async Task WriteFrameAsync(YamuxHeader header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        try
        {
            await _writeLock.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (IsClosed && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException("yamux session is closed");
        }
        try
        {
            var output = _pipe.Output;
            var span = output.GetSpan(YamuxHeader.Size + payload.Length);
            header.Write(span);
            payload.Span.CopyTo(span[YamuxHeader.Size..]);
            output.Advance(YamuxHeader.Size + payload.Length);
            var flush = await output.FlushAsync(linked.Token).ConfigureAwait(false);
            if (flush.IsCompleted)
                throw new IOException("the connection is closed");
        }
        catch (OperationCanceledException) when (IsClosed && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException("yamux session is closed");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ControlLoopAsync()
    {
        try
        {
            await foreach (var header in _control.Reader.ReadAllAsync(_closed.Token).ConfigureAwait(false))
                await WriteFrameAsync(header, default, _closed.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            Close(IsClosed ? null : ex);
        }
    }

    private async Task ReadLoopAsync()
    {
        var input = _pipe.Input;
        Exception? error = null;
        try
        {
            while (!IsClosed)
            {
                var result = await input.ReadAsync(_closed.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (buffer.Length >= YamuxHeader.Size)
                    {
                        var header = YamuxHeader.Parse(buffer);
                        if (header.Type == YamuxFrameType.Data)
                        {
                            if (header.Length > YamuxOptions.InitialWindow)
                                throw new Libp2pProtocolException($"yamux: data frame of {header.Length} bytes exceeds the receive window");
                            if (buffer.Length < YamuxHeader.Size + header.Length)
                                break;
                            Handle(header, buffer.Slice(YamuxHeader.Size, header.Length));
                            buffer = buffer.Slice(YamuxHeader.Size + header.Length);
                        }
                        else
                        {
                            Handle(header, ReadOnlySequence<byte>.Empty);
                            buffer = buffer.Slice(YamuxHeader.Size);
                        }
                    }
                }
                catch (FormatException ex)
                {
                    throw new Libp2pProtocolException(ex.Message, ex);
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    if (!buffer.IsEmpty && !result.IsCanceled)
                        error = new Libp2pProtocolException($"yamux: connection ended inside a frame ({buffer.Length} bytes)");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (IsClosed)
        {
        }
        catch (Exception ex)
        {
            error = ex;
            if (ex is Libp2pProtocolException)
                TryGoAway(1);
        }
        Close(error);
    }

    private void Handle(YamuxHeader header, ReadOnlySequence<byte> payload)
    {
        switch (header.Type)
        {
            case YamuxFrameType.Ping:
                if (header.Flags.HasFlag(YamuxFlags.Syn))
                    TrySendControl(new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Ack, 0, header.Length));
                else if (header.Flags.HasFlag(YamuxFlags.Ack) && _pings.TryGetValue(header.Length, out var pong))
                    pong.TrySetResult();
                return;
            case YamuxFrameType.GoAway:
                // The peer opens no more streams; existing ones may finish. We stop opening streams too.
                _goingAway = true;
                if (_streams.IsEmpty)
                    Close(null);
                return;
        }

        if (header.StreamId == 0)
            throw new Libp2pProtocolException($"yamux: {header.Type} frame on stream 0");
        YamuxStream? stream;
        if (header.Flags.HasFlag(YamuxFlags.Syn))
        {
            stream = AcceptStream(header.StreamId);
            if (stream is null)
                return;
        }
        else if (!_streams.TryGetValue(header.StreamId, out stream))
        {
            // A stream we closed and forgot: late data and window updates are dropped (the data length is bounded).
            return;
        }

        if (header.Type == YamuxFrameType.WindowUpdate)
            stream.AddSendWindow(header.Length);
        else if (payload.Length > 0 && !stream.TryDeliver(payload.ToArray()))
            throw new Libp2pProtocolException($"yamux: stream {stream.Id} overran its receive window");

        if (header.Flags.HasFlag(YamuxFlags.Rst))
            stream.OnReset();
        else if (header.Flags.HasFlag(YamuxFlags.Fin))
            stream.OnRemoteClose();
    }

    private YamuxStream? AcceptStream(uint id)
    {
        bool remoteParity = _isClient ? id % 2 == 0 : id % 2 == 1;
        if (!remoteParity)
            throw new Libp2pProtocolException($"yamux: peer opened stream {id} with our parity");
        if (_streams.ContainsKey(id))
            throw new Libp2pProtocolException($"yamux: peer reopened active stream {id}");
        if (_goingAway || _inboundCount >= Options.MaxInboundStreams)
        {
            if (Interlocked.Increment(ref _refusedStreams) > Options.MaxInboundStreams * 4)
                throw new Libp2pProtocolException($"yamux: stream flood ({_refusedStreams} streams refused over the limit of {Options.MaxInboundStreams})");
            TrySendControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, id, 0));
            return null;
        }
        Interlocked.Increment(ref _inboundCount);
        var stream = new YamuxStream(this, id, inbound: true);
        _streams[id] = stream;
        TrySendControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, id, 0));
        _onInboundStream(stream);
        return stream;
    }

    private void TryGoAway(uint code)
    {
        _control.Writer.TryWrite(new YamuxHeader(YamuxFrameType.GoAway, YamuxFlags.None, 0, code));
    }

    /// <summary>Ends the session: every stream is reset, the connection closes.</summary>
    public void Close(Exception? error)
    {
        if (_closed.IsCancellationRequested)
            return;
        _completion.TrySetResult(error);
        _closed.Cancel();
        _control.Writer.TryComplete();
        foreach (var stream in _streams.Values)
            stream.OnReset();
        foreach (var ping in _pings.Values)
            ping.TrySetException(new IOException("yamux session closed"));
        _pipe.Input.CancelPendingRead();
        _pipe.Output.CancelPendingFlush();
    }

    /// <summary>Sends go-away, then closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!IsClosed)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await WriteFrameAsync(new YamuxHeader(YamuxFrameType.GoAway, YamuxFlags.None, 0, 0), default, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
            {
            }
        }
        Close(null);
        if (_readLoop is not null)
            await _readLoop.ConfigureAwait(false);
        if (_controlLoop is not null)
            await _controlLoop.ConfigureAwait(false);
    }
}
