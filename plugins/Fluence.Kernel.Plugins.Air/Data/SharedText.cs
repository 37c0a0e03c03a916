namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// A CID (AquaVM's <c>Rc&lt;str&gt;</c>). It is a reference type on purpose: AquaVM's archive shares one copy of an
/// <c>Rc</c> among every place holding the same allocation, and the codec reproduces that sharing by object identity —
/// decoding gives one instance per archived target, encoding writes each instance once.
/// </summary>
public sealed class CidRef(string value)
{
    public string Value { get; } = value;

    public override string ToString() => Value;
}

/// <summary>A peer id held by <c>Rc&lt;String&gt;</c> (senders of call and canon requests); shared by identity like <see cref="CidRef"/>.</summary>
public sealed class PeerRef(string value)
{
    public string Value { get; } = value;

    public override string ToString() => Value;
}
