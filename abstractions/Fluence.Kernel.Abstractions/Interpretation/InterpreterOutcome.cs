namespace Fluence.Kernel.Interpretation;

/// <summary>The result of one invocation, in AquaVM's shape.</summary>
/// <param name="RetCode">0 on success; otherwise an AquaVM error code (see aquavm.md §1.7).</param>
/// <param name="Data">The new data: store as prev_data and send to <paramref name="NextPeerPks"/>.</param>
public sealed record InterpreterOutcome(
    long RetCode,
    string ErrorMessage,
    ReadOnlyMemory<byte> Data,
    IReadOnlyList<string> NextPeerPks,
    IReadOnlyDictionary<uint, CallRequest> CallRequests,
    bool AirSizeLimitExceeded = false,
    bool ParticleSizeLimitExceeded = false,
    bool CallResultSizeLimitExceeded = false)
{
    public bool IsSuccess => RetCode == 0;
}
