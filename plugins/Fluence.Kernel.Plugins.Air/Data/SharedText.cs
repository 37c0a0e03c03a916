namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// A CID (AquaVM's <c>Rc&lt;str&gt;</c>). It is a reference type on purpose: AquaVM's archive shares one copy of an
/// <c>Rc</c> among every place holding the same allocation, and the codec reproduces that sharing by object identity —
/// decoding gives one instance per archived target, encoding writes each instance once.
/// </summary>
public sealed class CidRef(string value)
{
    private int _identityHash;

    public string Value { get; } = value;

    /// <summary>A hash of this instance (not of its text), for the archive writer's lookups by identity.</summary>
    internal int IdentityHash => _identityHash != 0 ? _identityHash : _identityHash = IdentityHashes.Next();

    public override string ToString() => Value;
}

/// <summary>A peer id held by <c>Rc&lt;String&gt;</c> (senders of call and canon requests); shared by identity like <see cref="CidRef"/>.</summary>
public sealed class PeerRef(string value)
{
    private int _identityHash;

    public string Value { get; } = value;

    /// <summary>A hash of this instance (not of its text), for the archive writer's lookups by identity.</summary>
    internal int IdentityHash => _identityHash != 0 ? _identityHash : _identityHash = IdentityHashes.Next();

    public override string ToString() => Value;
}

/// <summary>
/// Cheap per-instance hashes (a per-thread sequence, spread): the runtime's identity hash takes a slow path the first
/// time an object is hashed, which the archive writer paid for every CID. Collisions only cost a comparison; equality
/// stays by reference.
/// </summary>
internal static class IdentityHashes
{
    [ThreadStatic]
    private static uint _next;

    public static int Next() => (int)(++_next * 0x9E3779B9u) | 1;
}

/// <summary>Equality by reference for <see cref="CidRef"/>, <see cref="PeerRef"/> and <see cref="StoreValue"/>, hashed by <c>IdentityHash</c>.</summary>
internal sealed class SharedTextIdentity : IEqualityComparer<CidRef>, IEqualityComparer<PeerRef>, IEqualityComparer<StoreValue>
{
    public static readonly SharedTextIdentity Instance = new();

    public bool Equals(CidRef? x, CidRef? y) => ReferenceEquals(x, y);

    public int GetHashCode(CidRef cid) => cid.IdentityHash;

    public bool Equals(PeerRef? x, PeerRef? y) => ReferenceEquals(x, y);

    public int GetHashCode(PeerRef peer) => peer.IdentityHash;

    public bool Equals(StoreValue? x, StoreValue? y) => ReferenceEquals(x, y);

    public int GetHashCode(StoreValue value) => value.IdentityHash;
}
