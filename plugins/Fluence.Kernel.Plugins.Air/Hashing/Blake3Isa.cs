using System.Runtime.Intrinsics.X86;

namespace Fluence.Kernel.Plugins.Air.Hashing;

/// <summary>Which instruction set <see cref="Blake3Digest"/> may use; each level also uses the ones below it.</summary>
internal enum Blake3Isa
{
    /// <summary>Plain 32-bit arithmetic; runs anywhere.</summary>
    Scalar,

    /// <summary>One compression as four 128-bit rows, and four chunks or parents at a time.</summary>
    Sse41,

    /// <summary>Also eight chunks or parents at a time in 256-bit registers.</summary>
    Avx2,
}

internal static class Blake3IsaSupport
{
    /// <summary>The best level this machine runs.</summary>
    public static Blake3Isa Best =>
        Avx2.IsSupported ? Blake3Isa.Avx2 : Sse41.IsSupported ? Blake3Isa.Sse41 : Blake3Isa.Scalar;

    /// <summary>The lower of the requested level and what the machine runs.</summary>
    public static Blake3Isa Clamp(Blake3Isa requested) => requested < Best ? requested : Best;
}
