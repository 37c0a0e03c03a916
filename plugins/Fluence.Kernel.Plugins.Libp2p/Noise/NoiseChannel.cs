using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Wire;

namespace Fluence.Kernel.Plugins.Libp2p.Noise;

/// <summary>
/// The secured connection after the handshake: plaintext pipes whose bytes travel as Noise transport messages
/// (2-byte length ‖ ChaCha20-Poly1305 ciphertext). Both pipes are bounded, so a slow peer back-pressures the writer.
/// </summary>
internal sealed class NoiseChannel : IDuplexPipe, IAsyncDisposable
{
    private static readonly PipeOptions Options = new(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false);
    private readonly IDuplexPipe _transport;
    private readonly NoiseCipherState _send;
    private readonly NoiseCipherState _receive;
    private readonly Pipe _inbound = new(Options);
    private readonly Pipe _outbound = new(Options);
    private readonly Task _readPump;
    private readonly Task _writePump;

    public NoiseChannel(IDuplexPipe transport, PeerId remotePeer, NoiseCipherState send, NoiseCipherState receive)
    {
        _transport = transport;
        RemotePeer = remotePeer;
        _send = send;
        _receive = receive;
        _readPump = Task.Run(ReadPumpAsync);
        _writePump = Task.Run(WritePumpAsync);
    }

    public PeerId RemotePeer { get; }
    public PipeReader Input => _inbound.Reader;
    public PipeWriter Output => _outbound.Writer;

    private async Task ReadPumpAsync()
    {
        var reader = _transport.Input;
        var writer = _inbound.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (NoiseFrame.TryParse(buffer, out var ciphertext, out var end))
                {
                    Decrypt(ciphertext, writer);
                    buffer = buffer.Slice(end);
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                var flush = await writer.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted)
                    break;
                if (result.IsCompleted || result.IsCanceled)
                {
                    if (!buffer.IsEmpty)
                        error = new Libp2pProtocolException($"noise: connection ended inside a message ({buffer.Length} bytes)");
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        await CompleteQuietlyAsync(reader.CompleteAsync()).ConfigureAwait(false);
        await CompleteQuietlyAsync(writer.CompleteAsync(error)).ConfigureAwait(false);
    }

    /// <summary>Completing a pipe over a dead socket flushes into it and fails; the connection is over either way.</summary>
    private static async ValueTask CompleteQuietlyAsync(ValueTask completion)
    {
        try
        {
            await completion.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException or OperationCanceledException or InvalidOperationException or NotSupportedException)
        {
        }
    }

    private void Decrypt(ReadOnlySequence<byte> ciphertext, PipeWriter writer)
    {
        if (ciphertext.Length < NoiseCipherState.TagLength)
            throw new Libp2pProtocolException($"noise: transport message of {ciphertext.Length} bytes is shorter than its tag");
        int plainLength = (int)ciphertext.Length - NoiseCipherState.TagLength;
        var target = writer.GetSpan(Math.Max(plainLength, 1));
        bool ok;
        if (ciphertext.IsSingleSegment)
            ok = _receive.TryDecrypt([], ciphertext.FirstSpan, target);
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent((int)ciphertext.Length);
            ciphertext.CopyTo(rented);
            ok = _receive.TryDecrypt([], rented.AsSpan(0, (int)ciphertext.Length), target);
            ArrayPool<byte>.Shared.Return(rented);
        }
        if (!ok)
            throw new Libp2pProtocolException("noise: transport message failed authentication");
        writer.Advance(plainLength);
    }

    private async Task WritePumpAsync()
    {
        var reader = _outbound.Reader;
        var writer = _transport.Output;
        Exception? error = null;
        var scratch = ArrayPool<byte>.Shared.Rent(NoiseFrame.MaxPlaintext);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    int chunk = (int)Math.Min(buffer.Length, NoiseFrame.MaxPlaintext);
                    buffer.Slice(0, chunk).CopyTo(scratch);
                    var span = writer.GetSpan(2 + chunk + NoiseCipherState.TagLength);
                    BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)(chunk + NoiseCipherState.TagLength));
                    _send.Encrypt([], scratch.AsSpan(0, chunk), span[2..]);
                    writer.Advance(2 + chunk + NoiseCipherState.TagLength);
                    buffer = buffer.Slice(chunk);
                }
                reader.AdvanceTo(buffer.End);
                var flush = await writer.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted || result.IsCompleted || result.IsCanceled)
                    break;
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        ArrayPool<byte>.Shared.Return(scratch);
        await CompleteQuietlyAsync(reader.CompleteAsync(error)).ConfigureAwait(false);
        await CompleteQuietlyAsync(writer.CompleteAsync()).ConfigureAwait(false);
    }

    /// <summary>Tears the connection down at once: both directions end, pending readers and writers fail.</summary>
    public void Abort()
    {
        _transport.Input.CancelPendingRead();
        _outbound.Reader.CancelPendingRead();
        _inbound.Reader.CancelPendingRead();
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteQuietlyAsync(_outbound.Writer.CompleteAsync()).ConfigureAwait(false);
        Abort();
        await Task.WhenAll(_readPump, _writePump).ConfigureAwait(false);
        await CompleteQuietlyAsync(_inbound.Reader.CompleteAsync()).ConfigureAwait(false);
        _send.Dispose();
        _receive.Dispose();
    }
}
