namespace Fluence.Kernel.Transport;

/// <summary>What <see cref="ITransport.ConnectAsync"/> achieved: a connection, or why there is none.</summary>
/// <param name="Failure">Why the peer could not be reached (refused, timed out, another peer answered…); null when connected.</param>
public readonly record struct ConnectOutcome(bool IsConnected, string? Failure)
{
    public static ConnectOutcome Connected => new(true, null);

    public static ConnectOutcome Failed(string reason) => new(false, reason);
}
