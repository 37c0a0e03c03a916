using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Fluence.Kernel.Plugins.Libp2p.Wire;

namespace Fluence.Kernel.Plugins.Libp2p.Multistream;

/// <summary>
/// multistream-select 1.0: both sides announce <c>/multistream/1.0.0</c>, the dialer proposes protocols one at a time
/// and the listener echoes the one it accepts or answers <c>na</c>. Every message is a varint length, the UTF-8
/// protocol id and a newline. Used once per connection (security, muxer) and once per stream.
/// </summary>
internal static class MultistreamSelect
{
    public const string Header = "/multistream/1.0.0";
    public const string NotAvailable = "na";

    /// <summary>Protocol ids are short; anything longer is garbage, refused before it is buffered.</summary>
    public const int MaxMessageLength = 1024;

    /// <summary>How many refused proposals a listener tolerates before it gives up on the peer.</summary>
    public const int MaxProposals = 32;

    /// <summary>
    /// Dialer side: proposes <paramref name="protocols"/> in order and returns the first the listener accepts. The
    /// header and the first proposal go out together (one round trip when the listener agrees).
    /// </summary>
    public static async Task<string> SelectAsync(IDuplexPipe pipe, IReadOnlyList<string> protocols, CancellationToken cancellationToken)
    {
        WriteMessage(pipe.Output, Header);
        bool headerSeen = false;
        foreach (var protocol in protocols)
        {
            WriteMessage(pipe.Output, protocol);
            await FlushAsync(pipe.Output, cancellationToken).ConfigureAwait(false);
            if (!headerSeen)
            {
                var header = await ReadMessageAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
                if (header != Header)
                    throw new Libp2pProtocolException($"multistream-select: expected '{Header}', got '{Shorten(header)}'");
                headerSeen = true;
            }
            var answer = await ReadMessageAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
            if (answer == protocol)
                return protocol;
            if (answer != NotAvailable)
                throw new Libp2pProtocolException($"multistream-select: proposed '{protocol}', got '{Shorten(answer)}'");
        }
        throw new ProtocolNotSupportedException($"the peer supports none of: {string.Join(", ", protocols)}");
    }

    public static Task<string> SelectAsync(IDuplexPipe pipe, string protocol, CancellationToken cancellationToken) =>
        SelectAsync(pipe, [protocol], cancellationToken);

    /// <summary>Listener side: answers proposals until one is in <paramref name="supported"/>, and returns it.</summary>
    public static async Task<string> ListenAsync(IDuplexPipe pipe, Func<string, bool> supported, CancellationToken cancellationToken)
    {
        WriteMessage(pipe.Output, Header);
        await FlushAsync(pipe.Output, cancellationToken).ConfigureAwait(false);
        var header = await ReadMessageAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
        if (header != Header)
            throw new Libp2pProtocolException($"multistream-select: expected '{Header}', got '{Shorten(header)}'");
        for (int i = 0; i < MaxProposals; i++)
        {
            var proposal = await ReadMessageAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
            if (proposal != NotAvailable && proposal != "ls" && supported(proposal))
            {
                WriteMessage(pipe.Output, proposal);
                await FlushAsync(pipe.Output, cancellationToken).ConfigureAwait(false);
                return proposal;
            }
            WriteMessage(pipe.Output, NotAvailable);
            await FlushAsync(pipe.Output, cancellationToken).ConfigureAwait(false);
        }
        throw new Libp2pProtocolException($"multistream-select: {MaxProposals} proposals refused, giving up");
    }

    /// <summary>Parses one message (without its newline). Returns false when more bytes are needed.</summary>
    public static bool TryParse(ReadOnlySequence<byte> buffer, out string message, out SequencePosition end)
    {
        message = "";
        if (!LengthPrefixed.TryParse(buffer, MaxMessageLength, out var payload, out end))
            return false;
        if (payload.Length == 0 || payload.Slice(payload.Length - 1).FirstSpan[0] != (byte)'\n')
            throw new FormatException("multistream-select message does not end with a newline");
        try
        {
            message = new UTF8Encoding(false, true).GetString(payload.Slice(0, payload.Length - 1));
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("multistream-select message is not UTF-8");
        }
        return true;
    }

    public static void WriteMessage(IBufferWriter<byte> writer, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message + "\n");
        LengthPrefixed.Write(writer, bytes);
    }

    private static async Task<string> ReadMessageAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool parsed;
            string message;
            SequencePosition end;
            try
            {
                parsed = TryParse(buffer, out message, out end);
            }
            catch (FormatException e)
            {
                reader.AdvanceTo(buffer.Start);
                throw new Libp2pProtocolException($"multistream-select: {e.Message}", e);
            }
            if (parsed)
            {
                reader.AdvanceTo(end);
                return message;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                reader.AdvanceTo(buffer.End);
                throw new Libp2pProtocolException("multistream-select: the peer closed the stream during negotiation");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static async ValueTask FlushAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        var result = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
            throw new Libp2pProtocolException("multistream-select: the peer closed the stream during negotiation");
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
