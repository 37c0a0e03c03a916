using System.Text;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// A CID (AquaVM's <c>Rc&lt;str&gt;</c>). It is a reference type on purpose: AquaVM's archive shares one copy of an
/// <c>Rc</c> among every place holding the same allocation, and the codec reproduces that sharing by object identity —
/// decoding gives one instance per archived target, encoding writes each instance once.
/// </summary>
public sealed class CidRef(string value)
{
    private int _utf8Length = -1;

    public string Value { get; } = value;

    /// <summary>
    /// Whether <see cref="Value"/> is CID text this peer made (<see cref="AquaCid"/>: multibase base32, plain ASCII
    /// that JSON holds unescaped) rather than text read from data.
    /// </summary>
    internal bool IsMade { get; private init; }

    /// <summary>A reference to CID text <see cref="AquaCid"/> made: its UTF-8 length is its length.</summary>
    /// <param name="text">The CID text.</param>
    /// <param name="target">The stored value it names, when known.</param>
    internal static CidRef Made(string text, StoreValue? target = null) => new(text) { _utf8Length = text.Length, IsMade = true, Target = target };

    /// <summary>
    /// The store value this CID names, when the store that keys it set it (see <see cref="CidStore{T}.Put(CidRef, T)"/>):
    /// finding a produced value from its CID then costs no hashing. Content addressing makes any value under the same
    /// CID the same value, so this is only ever a shortcut for the store lookup.
    /// </summary>
    internal StoreValue? Target;

    /// <summary>Where the last archive writer put this instance's bytes (see <see cref="ArchiveMarks"/>).</summary>
    internal long ArchiveMark;

    /// <summary>The length of <see cref="Value"/> in UTF-8 (computed once; every thread computes the same).</summary>
    internal int Utf8Length => _utf8Length >= 0 ? _utf8Length : _utf8Length = Encoding.UTF8.GetByteCount(Value);

    public override string ToString() => Value;
}

/// <summary>A peer id held by <c>Rc&lt;String&gt;</c> (senders of call and canon requests); shared by identity like <see cref="CidRef"/>.</summary>
public sealed class PeerRef(string value)
{
    public string Value { get; } = value;

    /// <summary>Where the last archive writer put this instance's string (see <see cref="ArchiveMarks"/>).</summary>
    internal long ArchiveMark;

    public override string ToString() => Value;
}

/// <summary>
/// How the archive writer finds what it already wrote of a shared instance (<see cref="CidRef"/>, <see cref="PeerRef"/>,
/// <see cref="StoreValue"/>) without a lookup table: each writer takes a stamp of its own and marks every instance it
/// writes with the stamp and the position, in one 64-bit field (read and written atomically). A mark of another writer
/// is simply not found. Two writers writing the same instance at the same time may overwrite each other's marks; then
/// one of them writes that instance a second time — a larger archive, never a wrong one.
/// </summary>
internal static class ArchiveMarks
{
    private static int _lastStamp;

    /// <summary>A stamp no other writer has (never 0, the mark of an instance no writer has written).</summary>
    public static uint NewStamp()
    {
        uint stamp;
        do
        {
            stamp = (uint)Interlocked.Increment(ref _lastStamp);
        }
        while (stamp == 0);
        return stamp;
    }

    public static long Of(uint stamp, int position) => ((long)stamp << 32) | (uint)position;

    /// <summary>The position <paramref name="mark"/> records when the writer of <paramref name="stamp"/> made it.</summary>
    public static bool TryFind(long mark, uint stamp, out int position)
    {
        position = (int)mark;
        return (uint)((ulong)mark >> 32) == stamp;
    }
}
