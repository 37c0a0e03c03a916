using System.Buffers.Binary;
using System.IO.Pipelines;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Wire;
using NSec.Cryptography;

namespace Fluence.Kernel.Plugins.Libp2p.Noise;

/// <summary>
/// The libp2p Noise XX handshake (<c>/noise</c>): <c>-> e</c>, <c>&lt;- e, ee, s, es</c>, <c>-> s, se</c>, each
/// message behind a 2-byte length. The responder's payload rides in message 2, the initiator's in message 3; each
/// proves the identity key owns the static key. Returns a <see cref="NoiseChannel"/> over the same pipe.
/// </summary>
internal static class NoiseHandshake
{
    public const string ProtocolId = "/noise";
    private const int KeyLength = 32;
    private static readonly KeyAgreementAlgorithm X25519 = KeyAgreementAlgorithm.X25519;

    public static async Task<NoiseChannel> InitiateAsync(IDuplexPipe pipe, KeyPair identity, PeerId? expected, CancellationToken cancellationToken)
    {
        using var state = new NoiseSymmetricState();
        using var s = Key.Create(X25519);
        using var e = Key.Create(X25519);
        var ePub = e.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var sPub = s.PublicKey.Export(KeyBlobFormat.RawPublicKey);

        // -> e
        state.MixHash(ePub);
        var m1 = Concat(ePub, state.EncryptAndHash([]));
        await WriteMessageAsync(pipe.Output, m1, cancellationToken).ConfigureAwait(false);

        // <- e, ee, s, es
        var m2 = await ReadMessageAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
        if (m2.Length < KeyLength + KeyLength + NoiseCipherState.TagLength)
            throw new Libp2pProtocolException($"noise: second handshake message is {m2.Length} bytes, too short");
        var re = m2.AsSpan(0, KeyLength).ToArray();
        state.MixHash(re);
        using (var ee = Agree(e, re))
            state.MixKey(ee);
        var rs = state.DecryptAndHash(m2.AsSpan(KeyLength, KeyLength + NoiseCipherState.TagLength));
        using (var es = Agree(e, rs))
            state.MixKey(es);
        var remotePayload = DecodePayload(state.DecryptAndHash(m2.AsSpan(2 * KeyLength + NoiseCipherState.TagLength)));
        var remote = remotePayload.Verify(rs);
        if (expected is not null && remote != expected)
            throw new Libp2pProtocolException($"noise: dialled {expected} but the remote peer is {remote}");

        // -> s, se
        var encryptedStatic = state.EncryptAndHash(sPub);
        using (var se = Agree(s, re))
            state.MixKey(se);
        var payload = state.EncryptAndHash(NoiseHandshakePayload.Create(identity, sPub).Encode());
        await WriteMessageAsync(pipe.Output, Concat(encryptedStatic, payload), cancellationToken).ConfigureAwait(false);

        var (send, receive) = state.Split();
        return new NoiseChannel(pipe, remote, send, receive);
    }

    public static async Task<NoiseChannel> RespondAsync(IDuplexPipe pipe, KeyPair identity, CancellationToken cancellationToken)
    {
        using var state = new NoiseSymmetricState();
        using var s = Key.Create(X25519);
        using var e = Key.Create(X25519);
        var ePub = e.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var sPub = s.PublicKey.Export(KeyBlobFormat.RawPublicKey);

        // -> e
        var m1 = await ReadMessageAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
        if (m1.Length < KeyLength)
            throw new Libp2pProtocolException($"noise: first handshake message is {m1.Length} bytes, too short");
        var re = m1.AsSpan(0, KeyLength).ToArray();
        state.MixHash(re);
        state.DecryptAndHash(m1.AsSpan(KeyLength));

        // <- e, ee, s, es
        state.MixHash(ePub);
        using (var ee = Agree(e, re))
            state.MixKey(ee);
        var encryptedStatic = state.EncryptAndHash(sPub);
        using (var es = Agree(s, re))
            state.MixKey(es);
        var payload = state.EncryptAndHash(NoiseHandshakePayload.Create(identity, sPub).Encode());
        await WriteMessageAsync(pipe.Output, Concat(ePub, encryptedStatic, payload), cancellationToken).ConfigureAwait(false);

        // -> s, se
        var m3 = await ReadMessageAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
        if (m3.Length < KeyLength + NoiseCipherState.TagLength)
            throw new Libp2pProtocolException($"noise: third handshake message is {m3.Length} bytes, too short");
        var rs = state.DecryptAndHash(m3.AsSpan(0, KeyLength + NoiseCipherState.TagLength));
        using (var se = Agree(e, rs))
            state.MixKey(se);
        var remotePayload = DecodePayload(state.DecryptAndHash(m3.AsSpan(KeyLength + NoiseCipherState.TagLength)));
        var remote = remotePayload.Verify(rs);

        var (receive, send) = state.Split();
        return new NoiseChannel(pipe, remote, send, receive);
    }

    private static NoiseHandshakePayload DecodePayload(byte[] data)
    {
        try
        {
            return NoiseHandshakePayload.Decode(data);
        }
        catch (FormatException ex)
        {
            throw new Libp2pProtocolException($"noise: bad handshake payload: {ex.Message}", ex);
        }
    }

    private static SharedSecret Agree(Key key, byte[] remotePublic)
    {
        if (!PublicKey.TryImport(X25519, remotePublic, KeyBlobFormat.RawPublicKey, out var remote) || remote is null)
            throw new Libp2pProtocolException("noise: invalid X25519 public key");
        return X25519.Agree(key, remote) ?? throw new Libp2pProtocolException("noise: X25519 agreement failed (low-order key)");
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray<byte>();

    private static async ValueTask WriteMessageAsync(PipeWriter writer, byte[] message, CancellationToken cancellationToken)
    {
        if (message.Length > NoiseFrame.MaxLength)
            throw new InvalidOperationException("noise handshake message too long");
        var span = writer.GetSpan(2 + message.Length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)message.Length);
        message.CopyTo(span[2..]);
        writer.Advance(2 + message.Length);
        var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCompleted)
            throw new Libp2pProtocolException("noise: the peer closed the connection during the handshake");
    }

    private static async ValueTask<byte[]> ReadMessageAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (NoiseFrame.TryParse(result.Buffer, out var payload, out var end))
            {
                var message = System.Buffers.BuffersExtensions.ToArray(payload);
                reader.AdvanceTo(end);
                return message;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                reader.AdvanceTo(result.Buffer.End);
                throw new Libp2pProtocolException("noise: the peer closed the connection during the handshake");
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
