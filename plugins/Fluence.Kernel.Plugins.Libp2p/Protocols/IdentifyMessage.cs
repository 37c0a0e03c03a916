using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Wire;

namespace Fluence.Kernel.Plugins.Libp2p.Protocols;

/// <summary>
/// The identify protobuf: <c>publicKey</c> (1), <c>listenAddrs</c> (2), <c>protocols</c> (3), <c>observedAddr</c> (4),
/// <c>protocolVersion</c> (5), <c>agentVersion</c> (6), <c>signedPeerRecord</c> (8). Undecodable listen addresses are
/// dropped (other stacks announce transports we do not speak); everything else malformed is an error.
/// </summary>
internal sealed record IdentifyMessage
{
    public byte[]? PublicKey { get; init; }
    public IReadOnlyList<Multiaddr> ListenAddresses { get; init; } = [];
    public IReadOnlyList<string> Protocols { get; init; } = [];
    public byte[]? ObservedAddress { get; init; }
    public string? ProtocolVersion { get; init; }
    public string? AgentVersion { get; init; }
    public byte[]? SignedPeerRecord { get; init; }

    /// <summary>Bounds for what a peer may announce: identify messages are small, these stop garbage early.</summary>
    public const int MaxLength = 64 * 1024;
    public const int MaxEntries = 512;

    public byte[] Encode()
    {
        var w = new ProtoWriter();
        if (PublicKey is not null)
            w.WriteBytes(1, PublicKey);
        foreach (var address in ListenAddresses)
            w.WriteBytes(2, address.ToBytes());
        foreach (var protocol in Protocols)
            w.WriteString(3, protocol);
        if (ObservedAddress is not null)
            w.WriteBytes(4, ObservedAddress);
        if (ProtocolVersion is not null)
            w.WriteString(5, ProtocolVersion);
        if (AgentVersion is not null)
            w.WriteString(6, AgentVersion);
        if (SignedPeerRecord is not null)
            w.WriteBytes(8, SignedPeerRecord);
        return w.ToArray();
    }

    public static IdentifyMessage Decode(ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        var addresses = new List<Multiaddr>();
        var protocols = new List<string>();
        byte[]? key = null, observed = null, record = null;
        string? protocolVersion = null, agent = null;
        while (r.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1: key = r.ReadBytes(wire).ToArray(); break;
                case 2:
                    var bytes = r.ReadBytes(wire);
                    if (addresses.Count >= MaxEntries)
                        throw new FormatException($"identify announces more than {MaxEntries} addresses");
                    try
                    {
                        addresses.Add(Multiaddr.FromBytes(bytes));
                    }
                    catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
                    {
                        // quic, webrtc, circuit… addresses we cannot dial: not an error, just not ours.
                    }
                    break;
                case 3:
                    if (protocols.Count >= MaxEntries)
                        throw new FormatException($"identify announces more than {MaxEntries} protocols");
                    protocols.Add(r.ReadString(wire));
                    break;
                case 4: observed = r.ReadBytes(wire).ToArray(); break;
                case 5: protocolVersion = r.ReadString(wire); break;
                case 6: agent = r.ReadString(wire); break;
                case 8: record = r.ReadBytes(wire).ToArray(); break;
                default: r.Skip(wire); break;
            }
        }
        return new IdentifyMessage
        {
            PublicKey = key,
            ListenAddresses = addresses,
            Protocols = protocols,
            ObservedAddress = observed,
            ProtocolVersion = protocolVersion,
            AgentVersion = agent,
            SignedPeerRecord = record,
        };
    }

    /// <summary>
    /// Checks the message belongs to <paramref name="remote"/>: its public key is the peer's, and a signed peer record,
    /// when present, is signed by that key. Throws <see cref="Libp2pProtocolException"/> otherwise.
    /// </summary>
    public void Validate(PeerId remote)
    {
        try
        {
            if (PublicKey is not null && PublicKeyProto.Decode(PublicKey) != remote)
                throw new Libp2pProtocolException($"identify: public key does not belong to {remote}");
            if (SignedPeerRecord is not null)
            {
                var signer = SignedEnvelope.Verify(SignedEnvelope.PeerRecordDomain, SignedPeerRecord);
                if (signer != remote)
                    throw new Libp2pProtocolException($"identify: signed peer record is signed by {signer}, not {remote}");
            }
        }
        catch (FormatException ex)
        {
            throw new Libp2pProtocolException($"identify: {ex.Message}", ex);
        }
    }
}
