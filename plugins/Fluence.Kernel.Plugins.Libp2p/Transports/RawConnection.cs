using System.IO.Pipelines;
using Fluence.Kernel.Addressing;

namespace Fluence.Kernel.Plugins.Libp2p.Transports;

/// <summary>An unsecured byte connection (TCP or WebSocket) as pipes, before multistream-select and Noise.</summary>
internal sealed class RawConnection : IDuplexPipe, IAsyncDisposable
{
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true);
    private static readonly StreamPipeWriterOptions WriterOptions = new(minimumBufferSize: 64 * 1024, leaveOpen: true);
    private readonly Stream _stream;
    private readonly IDisposable? _owner;

    public RawConnection(Stream stream, Multiaddr remoteAddress, IDisposable? owner = null)
    {
        _stream = stream;
        _owner = owner;
        RemoteAddress = remoteAddress;
        Input = PipeReader.Create(stream, ReaderOptions);
        Output = PipeWriter.Create(stream, WriterOptions);
    }

    public Multiaddr RemoteAddress { get; }
    public PipeReader Input { get; }
    public PipeWriter Output { get; }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Output.CompleteAsync().ConfigureAwait(false);
            await Input.CompleteAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException or InvalidOperationException)
        {
            // The peer is gone already; nothing left to close cleanly.
        }
        _owner?.Dispose();
    }
}
