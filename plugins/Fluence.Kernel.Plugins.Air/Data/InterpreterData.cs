namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// AquaVM's particle data (aquavm.md §3): the envelope's versions and the inner archive — trace, last call request id,
/// CID stores and per-peer signatures. Decode and encode with <see cref="InterpreterDataCodec"/>.
/// </summary>
public sealed class InterpreterData
{
    /// <summary>The data format version AquaVM 0.62 writes (crate air-interpreter-data).</summary>
    public const string CurrentVersion = "0.17.2";

    /// <summary>The interpreter version this plugin claims; AquaVM refuses data from interpreters before 0.61.0.</summary>
    public const string CurrentInterpreterVersion = "0.62.0";

    // The parts are made on first use, not up front: most instances get theirs from an initializer (decoding, the
    // interpreter's output), and defaults made first would be thrown away at once.
    private List<ExecutedState>? _trace;
    private CidInfo? _cidInfo;
    private List<PeerSignature>? _signatures;

    /// <summary>
    /// Empty data shared by readers that never change it (the interpreter's view of empty prev / current data).
    /// Internal on purpose: anything that might add to a store or list must make its own.
    /// </summary>
    internal static InterpreterData EmptyForReading { get; } = new() { Trace = [], CidInfo = new(), Signatures = [] };

    public string Version { get; set; } = CurrentVersion;
    public string InterpreterVersion { get; set; } = CurrentInterpreterVersion;

    public List<ExecutedState> Trace
    {
        get => _trace ??= [];
        init => _trace = value;
    }

    /// <summary>The last call request id handed out on any peer that wrote this data (<c>lcid</c>).</summary>
    public uint LastCallRequestId { get; set; }

    public CidInfo CidInfo
    {
        get => _cidInfo ??= new();
        init => _cidInfo = value;
    }

    /// <summary>Per-peer signatures in archive order.</summary>
    public List<PeerSignature> Signatures
    {
        get => _signatures ??= [];
        init => _signatures = value;
    }
}

/// <summary>
/// A peer's signature over its CIDs. Both are stored with a leading 0x00 (the Ed25519 key-format byte):
/// 33-byte public key, 65-byte signature.
/// </summary>
public sealed record PeerSignature(byte[] PublicKey, byte[] Signature);
