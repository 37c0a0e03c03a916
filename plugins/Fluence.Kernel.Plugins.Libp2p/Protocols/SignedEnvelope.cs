using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Plugins.Libp2p.Wire;

namespace Fluence.Kernel.Plugins.Libp2p.Protocols;

/// <summary>
/// libp2p signed envelopes (RFC 0002): <c>public_key</c> (1), <c>payload_type</c> (2), <c>payload</c> (3),
/// <c>signature</c> (5) over <c>varint|domain| ‖ domain ‖ varint|type| ‖ type ‖ varint|payload| ‖ payload</c>.
/// </summary>
internal static class SignedEnvelope
{
    public const string PeerRecordDomain = "libp2p-peer-record";
    public static ReadOnlySpan<byte> PeerRecordType => [0x03, 0x01];

    public static byte[] Seal(KeyPair key, string domain, ReadOnlySpan<byte> payloadType, ReadOnlySpan<byte> payload)
    {
        var w = new ProtoWriter();
        w.WriteBytes(1, PublicKeyProto.Encode(key.PeerId));
        w.WriteBytes(2, payloadType);
        w.WriteBytes(3, payload);
        w.WriteBytes(5, key.Sign(SignedData(domain, payloadType, payload)));
        return w.ToArray();
    }

    /// <summary>The signer of a valid envelope; throws <see cref="Libp2pProtocolException"/> on a bad signature.</summary>
    public static PeerId Verify(string domain, ReadOnlySpan<byte> envelope)
    {
        var r = new ProtoReader(envelope);
        ReadOnlySpan<byte> key = default, type = default, payload = default, signature = default;
        while (r.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1: key = r.ReadBytes(wire); break;
                case 2: type = r.ReadBytes(wire); break;
                case 3: payload = r.ReadBytes(wire); break;
                case 5: signature = r.ReadBytes(wire); break;
                default: r.Skip(wire); break;
            }
        }
        var signer = PublicKeyProto.Decode(key);
        if (!signer.Verify(SignedData(domain, type, payload), signature))
            throw new Libp2pProtocolException($"signed envelope from {signer} has a bad signature");
        return signer;
    }

    private static byte[] SignedData(string domain, ReadOnlySpan<byte> type, ReadOnlySpan<byte> payload)
    {
        var domainBytes = Encoding.UTF8.GetBytes(domain);
        return [.. Varint.Encode((ulong)domainBytes.Length), .. domainBytes, .. Varint.Encode((ulong)type.Length), .. type,
            .. Varint.Encode((ulong)payload.Length), .. payload];
    }
}
