using System.IO.Pipelines;

namespace Fluence.Kernel.Plugins.Libp2p.Yamux;

/// <summary>A Yamux stream seen through pipes, for multistream-select and the protocol on top of it.</summary>
internal sealed class StreamChannel : IDuplexPipe, IAsyncDisposable
{
    public StreamChannel(YamuxStream stream)
    {
        Stream = stream;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    public YamuxStream Stream { get; }
    public PipeReader Input { get; }
    public PipeWriter Output { get; }

    /// <summary>Flushes what is buffered and sends FIN.</summary>
    public async ValueTask CloseWriteAsync(CancellationToken cancellationToken)
    {
        await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        await Stream.CloseWriteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the stream. Protocols flush what they mean to send before disposing; the stream goes first so that
    /// completing the writer cannot block on a window a stalled peer never reopens.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync().ConfigureAwait(false);
        await Stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
