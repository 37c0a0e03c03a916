namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Data that cannot be read. <see cref="ErrorCode"/> is AquaVM's preparation code for it: 2 (inner data), 3 (envelope), 4 (envelope whose versions could be read),
/// 6 (interpreter version older than 0.61.0). The only exception the codec throws for bad input.
/// </summary>
public sealed class InterpreterDataException(int errorCode, string message) : Exception(message)
{
    public const int DataDeserialization = 2;
    public const int EnvelopeDeserialization = 3;
    public const int EnvelopeWithKnownVersions = 4;
    public const int UnsupportedInterpreterVersion = 6;

    public int ErrorCode { get; } = errorCode;

    /// <summary>What the archive reader failed on, where it knows (for AquaVM's text of it).</summary>
    internal ArchiveFailure? Failure { get; init; }
}
