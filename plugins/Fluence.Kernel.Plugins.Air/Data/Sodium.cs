using System.Reflection;
using System.Runtime.InteropServices;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// The Ed25519 group and scalar primitives libsodium exports (≥ 1.0.18), P/Invoked. The library is the one NSec
/// loads (its native asset), resolved through NSec's assembly so that a plugin load context and the host share it.
/// </summary>
internal static class Sodium
{
    private const string Library = "libsodium";

    static Sodium()
    {
        NativeLibrary.SetDllImportResolver(typeof(Sodium).Assembly, Resolve);
        if (sodium_init() < 0)
            throw new InvalidOperationException("libsodium failed to initialise");
    }

    // NSec's own copy of libsodium when it can be found from NSec's assembly; otherwise the default search.
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library && NativeLibrary.TryLoad(Library, typeof(NSec.Cryptography.Key).Assembly, searchPath, out var handle) ? handle : IntPtr.Zero;

    /// <summary>q = n·B for a 32-byte little-endian scalar n (its top bit ignored); false when n is zero.</summary>
    public static bool ScalarMultBase(ReadOnlySpan<byte> scalar, Span<byte> point)
    {
        Check(scalar, 32);
        Check(point, 32);
        return crypto_scalarmult_ed25519_base_noclamp(ref MemoryMarshal.GetReference(point), ref MemoryMarshal.GetReference(scalar)) == 0;
    }

    /// <summary>r = s mod L for a 64-byte little-endian s.</summary>
    public static void ScalarReduce(ReadOnlySpan<byte> wide, Span<byte> scalar)
    {
        Check(wide, 64);
        Check(scalar, 32);
        crypto_core_ed25519_scalar_reduce(ref MemoryMarshal.GetReference(scalar), ref MemoryMarshal.GetReference(wide));
    }

    /// <summary>z = x·y mod L.</summary>
    public static void ScalarMul(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, Span<byte> z)
    {
        Check(x, 32);
        Check(y, 32);
        Check(z, 32);
        crypto_core_ed25519_scalar_mul(ref MemoryMarshal.GetReference(z), ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
    }

    /// <summary>z = x + y mod L.</summary>
    public static void ScalarAdd(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, Span<byte> z)
    {
        Check(x, 32);
        Check(y, 32);
        Check(z, 32);
        crypto_core_ed25519_scalar_add(ref MemoryMarshal.GetReference(z), ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
    }

    /// <summary>SHA-512 of <paramref name="message"/> by libsodium: for short messages, cheaper than a call into OpenSSL.</summary>
    public static void Sha512(ReadOnlySpan<byte> message, Span<byte> digest)
    {
        Check(digest, 64);
        crypto_hash_sha512(ref MemoryMarshal.GetReference(digest), ref MemoryMarshal.GetReference(message), (ulong)message.Length);
    }

    // The native side reads and writes fixed sizes: a shorter span would be overrun.
    private static void Check(ReadOnlySpan<byte> span, int length)
    {
        if (span.Length != length)
            throw new ArgumentException($"expected {length} bytes, got {span.Length}");
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sodium_init();

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int crypto_scalarmult_ed25519_base_noclamp(ref byte q, ref byte n);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void crypto_core_ed25519_scalar_reduce(ref byte r, ref byte s);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void crypto_core_ed25519_scalar_mul(ref byte z, ref byte x, ref byte y);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int crypto_hash_sha512(ref byte digest, ref byte message, ulong length);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void crypto_core_ed25519_scalar_add(ref byte z, ref byte x, ref byte y);
}
