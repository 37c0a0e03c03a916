namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>A catchable execution error raised while working on values, with AquaVM's error code.</summary>
public sealed class AirValueException(int errorCode, string message) : Exception(message)
{
    public int ErrorCode { get; } = errorCode;
}
