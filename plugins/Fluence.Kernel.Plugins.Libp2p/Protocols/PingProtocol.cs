using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Fluence.Kernel.Plugins.Libp2p.Wire;

namespace Fluence.Kernel.Plugins.Libp2p.Protocols;

/// <summary><c>/ipfs/ping/1.0.0</c>: the dialer sends 32 random bytes, the listener echoes them, repeatedly.</summary>
internal static class PingProtocol
{
    public const int PayloadLength = 32;

    /// <summary>Echoes every 32-byte payload until the dialer closes the stream.</summary>
    public static async Task ServeAsync(IDuplexPipe pipe, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await pipe.Input.ReadAtLeastAsync(PayloadLength, cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length < PayloadLength)
            {
                pipe.Input.AdvanceTo(buffer.End);
                if (buffer.Length > 0)
                    throw new Libp2pProtocolException($"ping: stream ended after {buffer.Length} of {PayloadLength} bytes");
                return;
            }
            var payload = buffer.Slice(0, PayloadLength);
            foreach (var segment in payload)
                pipe.Output.Write(segment.Span);
            pipe.Input.AdvanceTo(payload.End);
            await pipe.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One ping on an open stream; returns the round trip.</summary>
    public static async Task<TimeSpan> PingAsync(IDuplexPipe pipe, CancellationToken cancellationToken)
    {
        var payload = RandomNumberGenerator.GetBytes(PayloadLength);
        var started = Stopwatch.GetTimestamp();
        await pipe.Output.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        var result = await pipe.Input.ReadAtLeastAsync(PayloadLength, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (result.Buffer.Length < PayloadLength)
        {
            pipe.Input.AdvanceTo(result.Buffer.End);
            throw new Libp2pProtocolException("ping: the peer closed the stream without answering");
        }
        var echo = result.Buffer.Slice(0, PayloadLength).ToArray();
        pipe.Input.AdvanceTo(result.Buffer.GetPosition(PayloadLength));
        if (!echo.AsSpan().SequenceEqual(payload))
            throw new Libp2pProtocolException("ping: the peer answered with different bytes");
        return elapsed;
    }
}
