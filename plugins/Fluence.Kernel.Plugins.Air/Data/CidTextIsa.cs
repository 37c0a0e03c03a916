using System.Runtime.Intrinsics.X86;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>Which instruction set <see cref="AquaCid"/> may use to write a digest's base32 digits; each level also uses the ones below it.</summary>
internal enum CidTextIsa
{
    /// <summary>Two digits per lookup in a 1024-entry pair table; runs anywhere (and is the other paths' oracle).</summary>
    Scalar,

    /// <summary>One five-byte group (eight digits) per 128-bit register.</summary>
    Ssse3,

    /// <summary>Two five-byte groups per 256-bit register.</summary>
    Avx2,
}

internal static class CidTextIsaSupport
{
    /// <summary>The best level this machine runs.</summary>
    public static readonly CidTextIsa Best =
        Avx2.IsSupported ? CidTextIsa.Avx2 : Ssse3.IsSupported ? CidTextIsa.Ssse3 : CidTextIsa.Scalar;

    /// <summary>The lower of the requested level and what the machine runs.</summary>
    public static CidTextIsa Clamp(CidTextIsa requested) => requested < Best ? requested : Best;
}
