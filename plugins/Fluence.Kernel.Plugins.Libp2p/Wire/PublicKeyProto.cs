using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.Libp2p.Wire;

/// <summary>
/// The libp2p <c>PublicKey</c> protobuf (<c>Type</c> = 1 for Ed25519, <c>Data</c> = 32 raw bytes) as carried by the
/// noise payload, identify and signed envelopes.
/// </summary>
internal static class PublicKeyProto
{
    public static byte[] Encode(PeerId peer)
    {
        var w = new ProtoWriter();
        w.WriteVarint(1, 1);
        w.WriteBytes(2, peer.PublicKey);
        return w.ToArray();
    }

    /// <summary>The peer id of an encoded key; only Ed25519 keys are accepted (the only ones peer ids inline).</summary>
    public static PeerId Decode(ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        ulong? type = null;
        ReadOnlySpan<byte> key = default;
        bool hasKey = false;
        while (r.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1: type = r.ReadVarint(wire); break;
                case 2: key = r.ReadBytes(wire); hasKey = true; break;
                default: r.Skip(wire); break;
            }
        }
        if (type != 1)
            throw new FormatException($"public key of type {type?.ToString() ?? "none"}; only Ed25519 (1) is supported");
        if (!hasKey || key.Length != 32)
            throw new FormatException($"Ed25519 public key must be 32 bytes, got {key.Length}");
        return PeerId.FromPublicKey(key);
    }
}
