namespace Fluence.Kernel.Storage.AquaIpfs;

/// <summary>A failure aqua-ipfs reports as <c>{success: false, error}</c> rather than failing the call.</summary>
internal sealed class AquaIpfsException(string message, Exception? inner = null) : Exception(message, inner);
