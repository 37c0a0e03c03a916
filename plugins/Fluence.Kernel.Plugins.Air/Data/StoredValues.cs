namespace Fluence.Kernel.Plugins.Air.Data;

// The values of the five CID stores (aquavm.md §3.2). Classes, not records: an archived Rc<V> is shared by identity.

/// <summary>A JSON value as its compact serde_json text (value_store).</summary>
public sealed class RawValue(string json)
{
    public string Json { get; } = json;
}

/// <summary>The origin of a value (tetraplet_store).</summary>
public sealed class StoredTetraplet(string peerPk, string serviceId, string functionName, string lens)
{
    public string PeerPk { get; } = peerPk;
    public string ServiceId { get; } = serviceId;
    public string FunctionName { get; } = functionName;
    public string Lens { get; } = lens;
}

/// <summary>Where a canon element originally came from.</summary>
public enum ProvenanceKind : byte
{
    Literal = 0,
    ServiceResult = 1,
    Canon = 2,
}

/// <summary>A provenance: literal, or the CID of the service result / canon the value came from.</summary>
public sealed record Provenance(ProvenanceKind Kind, CidRef? Cid)
{
    public static Provenance Literal { get; } = new(ProvenanceKind.Literal, null);
}

/// <summary>One element of a canon stream (canon_element_store).</summary>
public sealed class CanonElement(CidRef value, CidRef tetraplet, Provenance provenance)
{
    public CidRef Value { get; } = value;
    public CidRef Tetraplet { get; } = tetraplet;
    public Provenance Provenance { get; } = provenance;
}

/// <summary>A canon stream: its tetraplet and its elements (canon_result_store).</summary>
public sealed class CanonResultValue(CidRef tetraplet, IReadOnlyList<CidRef> values)
{
    public CidRef Tetraplet { get; } = tetraplet;
    public IReadOnlyList<CidRef> Values { get; } = values;
}

/// <summary>A call result: value, hash of the arguments, tetraplet (service_result_store).</summary>
public sealed class ServiceResult(CidRef valueCid, CidRef argumentHash, CidRef tetrapletCid)
{
    public CidRef ValueCid { get; } = valueCid;
    public CidRef ArgumentHash { get; } = argumentHash;
    public CidRef TetrapletCid { get; } = tetrapletCid;
}
