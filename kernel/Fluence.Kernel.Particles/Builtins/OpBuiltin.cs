using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary><c>op</c>: value plumbing (noop, identity, arrays, concatenation) and encodings.</summary>
public sealed class OpBuiltin : KernelBuiltinService
{
    public override string ServiceId => "op";

    protected override ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken)
    {
        switch (call.FunctionName)
        {
            case "noop":
                return Empty;
            case "array":
                return Ok(new JsonArray(args.All.Select(a => a?.DeepClone()).ToArray()));
            case "array_length":
                return Ok(args.NextArray("array").Count);
            case "concat":
            {
                var result = new JsonArray();
                foreach (var arg in args.All)
                {
                    if (arg is not JsonArray array)
                        return Error("all arguments of 'concat' must be arrays");
                    foreach (var item in array)
                        result.Add(item?.DeepClone());
                }
                return Ok(result);
            }
            case "identity":
                return args.Count switch
                {
                    0 => Empty,
                    1 => Ok(args.All[0]?.DeepClone()),
                    _ => Error($"identity accepts up to 1 arguments, received {args.Count} arguments"),
                };
            case "concat_strings":
            {
                var builder = new StringBuilder();
                foreach (var arg in args.All)
                    builder.Append(BuiltinArguments.AsString(arg, "string"));
                return Ok(builder.ToString());
            }
            case "string_to_b58":
                return Ok(Base58.Encode(Encoding.UTF8.GetBytes(args.NextString("string"))));
            case "string_from_b58":
            {
                var bytes = DecodeB58(args.NextString("b58_string"));
                try
                {
                    return Ok(new UTF8Encoding(false, true).GetString(bytes));
                }
                catch (DecoderFallbackException)
                {
                    return Error("decoded bytes are not valid UTF-8");
                }
            }
            case "bytes_to_b58":
                return Ok(Base58.Encode(ReadBytes(args.NextArray("bytes"))));
            case "bytes_from_b58":
                return Ok(new JsonArray(DecodeB58(args.NextString("b58_string")).Select(b => (JsonNode?)b).ToArray()));
            case "sha256_string":
            {
                var text = args.NextString("string");
                bool digestOnly = args.NextOptionalBool("digest_only") ?? false;
                bool asBytes = args.NextOptionalBool("as_bytes") ?? false;
                var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
                // A sha2-256 multihash is 0x12 0x20 ‖ digest.
                byte[] hash = digestOnly ? digest : [0x12, 0x20, .. digest];
                return asBytes
                    ? Ok(new JsonArray(hash.Select(b => (JsonNode?)b).ToArray()))
                    : Ok(Base58.Encode(hash));
            }
            default:
                return NotDefined;
        }
    }

    internal static byte[] ReadBytes(JsonArray array)
    {
        var bytes = new byte[array.Count];
        for (int i = 0; i < array.Count; i++)
        {
            long value = BuiltinArguments.AsInt64(array[i], "bytes");
            if (value is < 0 or > 255)
                throw new BuiltinArgumentException($"byte #{i} is {value}, not in 0..255");
            bytes[i] = (byte)value;
        }
        return bytes;
    }

    private static byte[] DecodeB58(string text) =>
        Base58.TryDecode(text, out var bytes, out var error) ? bytes : throw new BuiltinArgumentException($"invalid base58: {error}");
}
