using System.Text;

namespace Fluence.Kernel.Plugins.Air.Data;

// The values of the five CID stores (aquavm.md §3.2). Classes, not records: an archived Rc<V> is shared by identity.

/// <summary>A value of one of the five CID stores; shared by identity like <see cref="CidRef"/>.</summary>
public abstract class StoreValue
{
    /// <summary>Where the last archive writer put this instance (see <see cref="ArchiveMarks"/>).</summary>
    internal long ArchiveMark;

    /// <summary>
    /// Takes the content of <paramref name="other"/>, a value of the same type stored under the same CID in another
    /// input (see <see cref="CidStore{T}.Union"/>): whatever names this instance then reads that content.
    /// </summary>
    internal abstract void TakeContentOf(StoreValue other);
}

/// <summary>
/// A JSON value as its compact serde_json text (value_store). Values read from an archive keep the archive's UTF-8
/// bytes (hashed, parsed and written again without a UTF-16 copy); the string is made only when asked for.
/// </summary>
public sealed class RawValue : StoreValue
{
    private ReadOnlyMemory<byte> _utf8;
    // The string, made when first asked for; until then PlainStringMark for a text known to be a plain string (a mark,
    // not a field of its own: every stored value would be a word larger for what only long strings have).
    private string? _json;

    // Compared by reference only: a fresh instance, not the literal.
    private static readonly string PlainStringMark = new('"', 2);

    public RawValue(string json) => _json = json ?? throw new ArgumentNullException(nameof(json));

    /// <summary>A value over UTF-8 bytes the caller has validated and does not change while the value is in use.</summary>
    internal RawValue(ReadOnlyMemory<byte> utf8) => _utf8 = utf8;

    /// <summary>
    /// A value over UTF-8 bytes known to be one JSON string of printable ASCII with nothing escaped (see
    /// <see cref="Values.PlainJsonString"/>), which therefore need no validation, and whose node no parse can fail to make.
    /// </summary>
    internal static RawValue OfPlainString(ReadOnlyMemory<byte> utf8) => new(utf8) { _json = PlainStringMark };

    /// <summary>
    /// Whether the text is known to be a plain string (see <see cref="OfPlainString"/>); false too once its string is made
    /// (the string's holder reads it as a string anyway).
    /// </summary>
    internal bool IsPlainString => ReferenceEquals(_json, PlainStringMark);

    public string Json => _json is { } json && !ReferenceEquals(json, PlainStringMark) ? json : _json = Encoding.UTF8.GetString(_utf8.Span);

    /// <summary>The UTF-8 text: the archive's bytes, or (for a value made from a string) a fresh encoding.</summary>
    public ReadOnlyMemory<byte> Utf8 => _json is null || !_utf8.IsEmpty ? _utf8 : Encoding.UTF8.GetBytes(_json);

    internal override void TakeContentOf(StoreValue other)
    {
        var value = (RawValue)other;
        // A value made here whose text this one holds as an archive's bytes (every replayed value put again): kept as
        // bytes, which are hashed, parsed and written with no encoding.
        if (!_utf8.IsEmpty && value._utf8.IsEmpty && value._json is { } json && System.Text.Ascii.Equals(_utf8.Span, json))
            return;
        (_utf8, _json) = (value._utf8, value._json);
    }
}

/// <summary>The origin of a value (tetraplet_store).</summary>
public sealed class StoredTetraplet(string peerPk, string serviceId, string functionName, string lens) : StoreValue
{
    private Fluence.Kernel.Particles.SecurityTetraplet? _tetraplet;

    public string PeerPk { get; private set; } = peerPk;
    public string ServiceId { get; private set; } = serviceId;
    public string FunctionName { get; private set; } = functionName;
    public string Lens { get; private set; } = lens;

    /// <summary>This tetraplet as the runtime record, made once (records are immutable, so replays share it).</summary>
    internal Fluence.Kernel.Particles.SecurityTetraplet Tetraplet => _tetraplet ??= new(PeerPk, ServiceId, FunctionName, Lens);

    internal override void TakeContentOf(StoreValue other)
    {
        var tetraplet = (StoredTetraplet)other;
        (PeerPk, ServiceId, FunctionName, Lens, _tetraplet) = (tetraplet.PeerPk, tetraplet.ServiceId, tetraplet.FunctionName, tetraplet.Lens, tetraplet._tetraplet);
    }
}

/// <summary>Where a canon element originally came from.</summary>
public enum ProvenanceKind : byte
{
    Literal = 0,
    ServiceResult = 1,
    Canon = 2,
}

/// <summary>
/// A provenance: literal, or the CID of the service result / canon the value came from. A value, not an object: every
/// replayed call result and every fold element carries one.
/// </summary>
public readonly record struct Provenance(ProvenanceKind Kind, CidRef? Cid)
{
    public static Provenance Literal => default;
}

/// <summary>One element of a canon stream (canon_element_store).</summary>
public sealed class CanonElement(CidRef value, CidRef tetraplet, Provenance provenance) : StoreValue
{
    public CidRef Value { get; private set; } = value;
    public CidRef Tetraplet { get; private set; } = tetraplet;
    public Provenance Provenance { get; private set; } = provenance;

    internal override void TakeContentOf(StoreValue other)
    {
        var element = (CanonElement)other;
        (Value, Tetraplet, Provenance) = (element.Value, element.Tetraplet, element.Provenance);
    }
}

/// <summary>A canon stream: its tetraplet and its elements (canon_result_store).</summary>
public sealed class CanonResultValue(CidRef tetraplet, IReadOnlyList<CidRef> values) : StoreValue
{
    public CidRef Tetraplet { get; private set; } = tetraplet;
    public IReadOnlyList<CidRef> Values { get; private set; } = values;

    internal override void TakeContentOf(StoreValue other)
    {
        var result = (CanonResultValue)other;
        (Tetraplet, Values) = (result.Tetraplet, result.Values);
    }
}

/// <summary>A call result: value, hash of the arguments, tetraplet (service_result_store).</summary>
public sealed class ServiceResult : StoreValue
{
    // The argument hash: a reference (given, or made when first asked for), or — for the results an invocation makes
    // and decodes, each holding its hash in an Rc of its own — only its digest, from which the writer writes the text
    // (no reference object per result): null, or the CidBatch that is to hash the arguments' text while the digest is
    // not made yet (see the pending constructor).
    private object? _argumentHash;
    private AquaCid.Digest _argumentDigest;

    public ServiceResult(CidRef valueCid, CidRef argumentHash, CidRef tetrapletCid)
    {
        ValueCid = valueCid;
        _argumentHash = argumentHash;
        TetrapletCid = tetrapletCid;
    }

    /// <summary>A result whose argument hash is a CID of AquaVM's form held only as its digest (<see cref="AquaCid.DigestLength"/> bytes).</summary>
    internal ServiceResult(CidRef valueCid, ReadOnlySpan<byte> argumentDigest, CidRef tetrapletCid)
    {
        ValueCid = valueCid;
        _argumentDigest = AquaCid.Digest.Of(argumentDigest);
        TetrapletCid = tetrapletCid;
    }

    /// <summary>
    /// A result whose argument hash, held as its digest, <paramref name="argumentBatch"/> is to make from the arguments'
    /// text (see <see cref="CidBatch.Add(ServiceResult, ReadOnlySpan{byte})"/>): the first read of it hashes the batch.
    /// </summary>
    internal ServiceResult(CidRef valueCid, CidBatch argumentBatch, CidRef tetrapletCid)
    {
        ValueCid = valueCid;
        _argumentHash = argumentBatch;
        TetrapletCid = tetrapletCid;
    }

    public CidRef ValueCid { get; private set; }

    /// <summary>The argument hash (for one held as its digest, a reference of its own made when first asked for).</summary>
    public CidRef ArgumentHash
    {
        get
        {
            if (_argumentHash is CidBatch pending)
                pending.Run();
            return (CidRef)(_argumentHash ??= CidRef.OfDigest(_argumentDigest));
        }
    }

    /// <summary>Gives a result whose argument digest is pending its digest (its batch does, once).</summary>
    internal void FillArgumentDigest(ReadOnlySpan<byte> digest)
    {
        digest[..AquaCid.DigestLength].CopyTo(_argumentDigest);
        _argumentHash = null;
    }

    public CidRef TetrapletCid { get; private set; }

    /// <summary>Whether the argument hash is held only as its digest (<see cref="TryGetArgumentDigest"/>): no reference shares it.</summary>
    internal bool HoldsArgumentDigest => _argumentHash is null or CidBatch;

    /// <summary>The argument hash's digest, when it is a CID of AquaVM's form (always, for one held as its digest).</summary>
    internal bool TryGetArgumentDigest(out ReadOnlySpan<byte> digest)
    {
        if (_argumentHash is CidBatch pending)
            pending.Run();
        if (_argumentHash is not CidRef reference)
        {
            digest = _argumentDigest;
            return true;
        }
        digest = reference.IsCanonical ? reference.Digest : default;
        return reference.IsCanonical;
    }

    /// <summary>Gives the result an argument hash reference of its own that another place shares (see ArchiveReader).</summary>
    internal void UseArgumentHash(CidRef shared) => _argumentHash = shared;

    /// <summary>
    /// Set on a result whose tetraplet CID is an instance other places hold too while AquaVM's result holds an Rc of
    /// its own (a result made here hashes the CID anew; one decoded had its own copy in the archive): the archive gets
    /// the text again, as for a copy of the reference, without one reference object per result.
    /// </summary>
    internal bool HoldsOwnTetrapletCid { get; set; }

    internal override void TakeContentOf(StoreValue other)
    {
        var result = (ServiceResult)other;
        (ValueCid, _argumentHash, _argumentDigest, TetrapletCid, HoldsOwnTetrapletCid) =
            (result.ValueCid, result._argumentHash, result._argumentDigest, result.TetrapletCid, result.HoldsOwnTetrapletCid);
    }

    /// <summary>Gives the result a tetraplet CID instance of its own after all (one that another place turns out to share).</summary>
    internal void UseOwnTetrapletCid(CidRef own)
    {
        TetrapletCid = own;
        HoldsOwnTetrapletCid = false;
    }
}
