using System.Numerics;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Whether 32 bytes decompress to an Edwards point as ed25519-dalek's key decoding requires (AquaVM's "Cannot
/// decompress Edwards point"): y is the bytes with the sign bit cleared, taken modulo p as they are (no canonical-
/// encoding check, no small-order check), and x² = (y² − 1) / (d·y² + 1) must have a root. Slow (two modular
/// powers): callers cache it per key.
/// </summary>
internal static class Ed25519PointCheck
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    // d = −121665 / 121666 mod p.
    private static readonly BigInteger D = Mod(-121665 * BigInteger.ModPow(121666, P - 2, P));

    public static bool CanDecompress(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
            return false;
        Span<byte> y = stackalloc byte[32];
        key.CopyTo(y);
        y[31] &= 0x7f;
        var yy = Mod(BigInteger.Pow(new BigInteger(y, isUnsigned: true), 2));
        var u = Mod(yy - 1);
        var v = Mod(D * yy + 1);
        if (u.IsZero)
            return true;
        // u/v is a square iff (u·v^(p−2))^((p−1)/2) is 1 (Euler's criterion); v is never 0 (−1/d is no square).
        var ratio = Mod(u * BigInteger.ModPow(v, P - 2, P));
        return BigInteger.ModPow(ratio, (P - 1) / 2, P).IsOne;
    }

    private static BigInteger Mod(BigInteger value)
    {
        var r = value % P;
        return r.Sign < 0 ? r + P : r;
    }
}
