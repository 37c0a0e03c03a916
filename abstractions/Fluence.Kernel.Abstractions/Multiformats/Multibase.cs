namespace Fluence.Kernel.Multiformats;

/// <summary>The multibase prefixes the kernel reads and writes.</summary>
public enum MultibaseEncoding
{
    /// <summary>'b': RFC 4648 base32, lower case, no padding.</summary>
    Base32,
    /// <summary>'z': base58btc.</summary>
    Base58Btc,
}

public static class Multibase
{
    public static string Encode(MultibaseEncoding encoding, ReadOnlySpan<byte> data) => encoding switch
    {
        MultibaseEncoding.Base32 => "b" + Base32.Encode(data),
        MultibaseEncoding.Base58Btc => "z" + Base58.Encode(data),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    public static bool TryDecode(string text, out byte[] bytes, out MultibaseEncoding encoding, out string? error)
    {
        bytes = [];
        encoding = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty multibase string";
            return false;
        }
        switch (text[0])
        {
            case 'b':
            case 'B':
                encoding = MultibaseEncoding.Base32;
                return Base32.TryDecode(text.AsSpan(1), out bytes, out error);
            case 'z':
                encoding = MultibaseEncoding.Base58Btc;
                return Base58.TryDecode(text.AsSpan(1), out bytes, out error);
            default:
                error = $"unsupported multibase prefix '{text[0]}' (supported: 'b' base32, 'z' base58btc)";
                return false;
        }
    }
}
