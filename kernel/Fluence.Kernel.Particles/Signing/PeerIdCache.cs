using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Particles.Signing;

/// <summary>
/// Parsed peer ids by their base58 text. Every particle names its init peer and every interpreter outcome its next peers
/// as text; parsing one is a base58 decode plus a re-encode, and a peer meets the same few ids over and over. Only
/// successes are kept (a malformed id is parsed again and fails with its error). Bounded: emptied when full.
/// </summary>
internal static class PeerIdCache
{
    public const int Capacity = 8192;

    private static readonly ConcurrentDictionary<string, PeerId> Parsed = new(StringComparer.Ordinal);

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PeerId? peerId, [NotNullWhen(false)] out string? error)
    {
        if (text is not null && Parsed.TryGetValue(text, out peerId))
        {
            error = null;
            return true;
        }
        if (!PeerId.TryParse(text, out peerId, out error))
            return false;
        if (Parsed.Count >= Capacity)
            Parsed.Clear();
        Parsed.TryAdd(text!, peerId);
        return true;
    }
}
