using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Wire;

namespace Fluence.Kernel.Plugins.Libp2p.Noise;

/// <summary>
/// The libp2p noise handshake payload: the identity key and its signature over
/// <c>"noise-libp2p-static-key:" ‖ static X25519 key</c> (fields 1 and 2; extensions, field 4, are ignored).
/// </summary>
internal sealed record NoiseHandshakePayload(byte[] IdentityKey, byte[] IdentitySignature)
{
    private static readonly byte[] SignaturePrefix = Encoding.ASCII.GetBytes("noise-libp2p-static-key:");

    public static NoiseHandshakePayload Create(KeyPair identity, ReadOnlySpan<byte> staticKey) =>
        new(PublicKeyProto.Encode(identity.PeerId), identity.Sign(SignedData(staticKey)));

    public byte[] Encode()
    {
        var w = new ProtoWriter();
        w.WriteBytes(1, IdentityKey);
        w.WriteBytes(2, IdentitySignature);
        return w.ToArray();
    }

    public static NoiseHandshakePayload Decode(ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        byte[]? key = null, signature = null;
        while (r.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1: key = r.ReadBytes(wire).ToArray(); break;
                case 2: signature = r.ReadBytes(wire).ToArray(); break;
                default: r.Skip(wire); break;
            }
        }
        if (key is null || signature is null)
            throw new FormatException("noise handshake payload lacks the identity key or its signature");
        return new NoiseHandshakePayload(key, signature);
    }

    /// <summary>The remote identity, once its signature over <paramref name="remoteStaticKey"/> is checked.</summary>
    public PeerId Verify(ReadOnlySpan<byte> remoteStaticKey)
    {
        var peer = PublicKeyProto.Decode(IdentityKey);
        if (!peer.Verify(SignedData(remoteStaticKey), IdentitySignature))
            throw new Libp2pProtocolException($"noise: peer {peer} did not sign its static key (bad identity signature)");
        return peer;
    }

    private static byte[] SignedData(ReadOnlySpan<byte> staticKey) => [.. SignaturePrefix, .. staticKey];
}
