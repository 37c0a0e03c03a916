using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// The argument hash of a result being applied: its digest, or — while it is not made yet — the arguments' short text,
/// which the service result's batch hashes with others (<see cref="CidBatch.Add(ServiceResult, ReadOnlySpan{byte})"/>);
/// a path that needs the digest at once (a failure) has <see cref="Digest"/> hash the text then.
/// </summary>
internal readonly ref struct AppliedArgumentHash(Span<byte> digest, ReadOnlySpan<byte> text, bool isText)
{
    private readonly Span<byte> _digest = digest;

    /// <summary>Whether the hash is still the text (<see cref="Text"/>) and not a digest.</summary>
    public bool IsText { get; } = isText;

    public ReadOnlySpan<byte> Text { get; } = text;

    /// <summary>The digest (<see cref="AquaCid.DigestLength"/> bytes), hashed from the text now when it is the text.</summary>
    public ReadOnlySpan<byte> Digest()
    {
        if (IsText)
            AquaCid.WriteDigest(Text, _digest);
        return _digest;
    }
}
