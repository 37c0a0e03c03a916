using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Transport;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary>
/// <c>kad</c>: Kademlia neighborhoods over the peers the transport knows. Keys are base58; unless
/// <c>already_hashed</c>, a key is hashed into a sha2-256 multihash first. Distance is the XOR of the sha256 of
/// the key and of each peer id's bytes (libp2p's KBucket key).
/// </summary>
public sealed class KadBuiltin(ITransport transport) : KernelBuiltinService
{
    /// <summary>Kademlia's replication factor K, the default neighborhood size.</summary>
    public const int DefaultCount = 20;

    public override string ServiceId => "kad";

    protected override async ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken)
    {
        switch (call.FunctionName)
        {
            case "neighborhood":
            case "neigh_with_addrs":
            {
                var key = DecodeB58(args.NextString("key"), "key");
                bool alreadyHashed = args.NextOptionalBool("already_hashed") ?? false;
                int count = (int)Math.Min(args.NextOptionalUInt64("count") ?? DefaultCount, 1024);
                byte[] multihash = alreadyHashed ? key : [0x12, 0x20, .. SHA256.HashData(key)];
                var contacts = await transport.GetNeighborhoodAsync(multihash, count, cancellationToken);
                return call.FunctionName == "neighborhood"
                    ? FunctionOutcome.Ok(new JsonArray(contacts.Select(c => (JsonNode?)c.PeerId.ToString()).ToArray()))
                    : FunctionOutcome.Ok(new JsonArray(contacts.Select(c => (JsonNode?)PeerBuiltin.ContactJson(c)).ToArray()));
            }
            case "merge":
            {
                var target = DistanceKey(DecodeB58(args.NextString("target"), "target"));
                var left = args.NextArray("left");
                var right = args.NextArray("right");
                ulong count = args.NextOptionalUInt64("count") ?? ulong.MaxValue;
                var peers = left.Concat(right)
                    .Select(p => BuiltinArguments.AsString(p, "peer"))
                    .Distinct(StringComparer.Ordinal)
                    .Select(p => (text: p, key: DistanceKey(PeerBuiltin.ParsePeer(p).Bytes)))
                    .OrderBy(p => Xor(p.key, target), ByteArrayComparer.Instance)
                    .Take((int)Math.Min(count, int.MaxValue))
                    .Select(p => (JsonNode?)p.text)
                    .ToArray();
                return FunctionOutcome.Ok(new JsonArray(peers));
            }
            default:
                return FunctionOutcome.NotDefined;
        }
    }

    private static byte[] DistanceKey(ReadOnlySpan<byte> bytes) => SHA256.HashData(bytes);

    private static byte[] Xor(byte[] a, byte[] b)
    {
        var result = new byte[a.Length];
        for (int i = 0; i < a.Length; i++)
            result[i] = (byte)(a[i] ^ b[i]);
        return result;
    }

    private static byte[] DecodeB58(string text, string name) =>
        Base58.TryDecode(text, out var bytes, out var error) ? bytes : throw new BuiltinArgumentException($"Argument '{name}' is not base58: {error}");

    private sealed class ByteArrayComparer : IComparer<byte[]>
    {
        public static ByteArrayComparer Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
