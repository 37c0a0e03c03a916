namespace Fluence.Kernel.Plugins.AquaVm.Marshalling;

/// <summary>
/// AquaVM prefixes its MessagePack payloads (call results in, call requests out) with the multicodec of MessagePack,
/// 0x0201, written as an unsigned varint: <c>81 04</c>.
/// </summary>
internal static class MultiformatPrefix
{
    public static ReadOnlySpan<byte> MessagePack => [0x81, 0x04];

    /// <summary>The payload after the prefix; throws <see cref="FormatException"/> naming what was found instead.</summary>
    public static ReadOnlyMemory<byte> Strip(ReadOnlyMemory<byte> bytes, string what)
    {
        if (!bytes.Span.StartsWith(MessagePack))
        {
            var head = Convert.ToHexString(bytes.Span[..Math.Min(bytes.Length, 4)]);
            throw new FormatException($"{what}: expected the MessagePack multicodec prefix 8104, found '{head}' ({bytes.Length} bytes)");
        }
        return bytes[MessagePack.Length..];
    }
}
