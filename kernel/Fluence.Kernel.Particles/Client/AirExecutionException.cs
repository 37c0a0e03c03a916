namespace Fluence.Kernel.Particles.Client;

/// <summary>The client's own interpreter run failed (the script does not parse, an uncaught error, …), as js-client rejects.</summary>
public sealed class AirExecutionException(long retCode, string message)
    : Exception($"the interpreter failed with code {retCode}: {message}")
{
    public long RetCode { get; } = retCode;
}
