using System.Text;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// A CID (AquaVM's <c>Rc&lt;str&gt;</c>). It is a reference type on purpose: AquaVM's archive shares one copy of an
/// <c>Rc</c> among every place holding the same allocation, and the codec reproduces that sharing by object identity —
/// decoding gives one instance per archived target, encoding writes each instance once.
/// A CID of AquaVM's own form (<see cref="AquaCid"/>: json codec, BLAKE3-256, base32) is held as its 32-byte digest, the
/// one representation from hashing to the archive; its text is made only where text is asked for (<see cref="Value"/>).
/// Any other text (data may hold anything) is held as the text.
/// </summary>
public sealed class CidRef
{
    // Written once: at construction, or — for a pending CID — by its batch before anything reads it.
    private AquaCid.Digest _digest;
    // A CID of AquaVM's form: its text once made (or null), or while its digest is not made yet the CidBatch that makes
    // it. Any other CID: its text in a NonCanonicalText, which is what tells the two apart (no flag field: a CID is one
    // of the most numerous objects, and the flag would round it up by a word).
    private object? _text;

    /// <summary>A CID from its text: AquaVM's form is recognised and held as its digest, anything else as the text.</summary>
    public CidRef(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _text = AquaCid.TryParseText(value.AsSpan(), out _digest) ? value : new NonCanonicalText(value);
    }

    private CidRef(in AquaCid.Digest digest) => _digest = digest;

    /// <summary>A CID of AquaVM's form from its digest (<see cref="AquaCid.DigestLength"/> bytes).</summary>
    internal static CidRef OfDigest(ReadOnlySpan<byte> digest, StoreValue? target = null)
    {
        var cid = new CidRef(AquaCid.Digest.Of(digest)) { Target = target };
        return cid;
    }

    /// <summary>A CID of AquaVM's form whose digest <paramref name="batch"/> is to make: the first read of the digest (or of anything made from it) hashes the batch.</summary>
    internal static CidRef Pending(CidBatch batch) => new(default(AquaCid.Digest)) { _text = batch };

    /// <summary>Whether this CID's digest is not made yet (<see cref="Pending"/>).</summary>
    internal bool IsPending => _text is CidBatch;

    /// <summary>Gives a pending CID its digest (its batch does, once).</summary>
    internal void Fill(ReadOnlySpan<byte> digest)
    {
        digest[..AquaCid.DigestLength].CopyTo(_digest);
        _text = null;
    }

    /// <summary>The CID's text (made on first use for a CID held as its digest; every thread makes the same).</summary>
    public string Value => _text switch
    {
        string text => text,
        NonCanonicalText other => other.Text,
        _ => (string)(_text = AquaCid.Text(this)),
    };

    /// <summary>Whether this CID is of AquaVM's form, held as <see cref="Digest"/> (its text is plain ASCII, <see cref="AquaCid.TextLength"/> long).</summary>
    internal bool IsCanonical => _text is not NonCanonicalText;

    /// <summary>The BLAKE3 digest of a CID of AquaVM's form (<see cref="IsCanonical"/>).</summary>
    internal ReadOnlySpan<byte> Digest
    {
        get
        {
            if (_text is CidBatch pending)
                pending.Run();
            return _digest;
        }
    }

    /// <summary>A new reference to the same CID (each of AquaVM's places holds its own), naming <paramref name="target"/>.</summary>
    internal CidRef Copy(StoreValue? target)
    {
        if (!IsCanonical)
            return new CidRef(Value) { Target = target };
        if (_text is CidBatch pending)
            pending.Run();
        return new CidRef(_digest) { Target = target, _text = _text };
    }

    // The text of a CID not of AquaVM's form (rare: data may hold any text).
    private sealed class NonCanonicalText(string text)
    {
        public string Text { get; } = text;
    }

    /// <summary>
    /// The store value this CID names, when the store that keys it set it (see <see cref="CidStore{T}.Put(CidRef, T)"/>):
    /// finding a produced value from its CID then costs no hashing. Content addressing makes any value under the same
    /// CID the same value, so this is only ever a shortcut for the store lookup.
    /// </summary>
    internal StoreValue? Target;

    /// <summary>Where the last archive writer put this instance's bytes (see <see cref="ArchiveMarks"/>).</summary>
    internal long ArchiveMark;

    /// <summary>The length of the text in UTF-8.</summary>
    internal int Utf8Length => IsCanonical ? AquaCid.TextLength : Encoding.UTF8.GetByteCount(Value);

    /// <summary>Whether <paramref name="other"/> is the same CID (the same text), compared without making text.</summary>
    internal bool SameAs(CidRef other) =>
        ReferenceEquals(this, other) || (IsCanonical == other.IsCanonical &&
            (IsCanonical ? Digest.SequenceEqual(other.Digest) : string.Equals(Value, other.Value, StringComparison.Ordinal)));

    /// <summary>Whether this CID's text is <paramref name="text"/>.</summary>
    internal bool HasText(string text) =>
        IsCanonical ? AquaCid.TryParseText(text.AsSpan(), out var digest) && Digest.SequenceEqual(digest) : string.Equals(Value, text, StringComparison.Ordinal);

    public override string ToString() => Value;

    /// <summary>CIDs equal when their texts are (<see cref="SameAs"/>): what a CID store's index is keyed by.</summary>
    internal sealed class TextComparer : IEqualityComparer<CidRef>
    {
        public static TextComparer Instance { get; } = new();

        public bool Equals(CidRef? x, CidRef? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.SameAs(y));

        // A digest is uniformly random: any four of its bytes hash it.
        public int GetHashCode(CidRef cid) =>
            cid.IsCanonical ? System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(cid.Digest) : StringComparer.Ordinal.GetHashCode(cid.Value);
    }
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
