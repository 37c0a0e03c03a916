namespace Fluence.Kernel.Addressing;

/// <summary>One protocol of a multiaddr with its value in text form (empty for protocols without a value).</summary>
public readonly record struct MultiaddrComponent(MultiaddrProtocol Protocol, string Value)
{
    public string Name => Protocol.ToString().ToLowerInvariant();
    public override string ToString() => Value.Length == 0 ? "/" + Name : $"/{Name}/{Value}";
}
