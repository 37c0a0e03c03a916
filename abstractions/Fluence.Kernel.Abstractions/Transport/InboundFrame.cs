using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Transport;

/// <summary>One particle frame (without its length prefix) received from <paramref name="From"/>.</summary>
public readonly record struct InboundFrame(PeerId From, ReadOnlyMemory<byte> Frame);
